// The side panel's Edit tab: the lesson editor, loaded on first use (it brings the schema's
// validator, and zod with it, which the first download leaves out).
import { lazy, Suspense } from 'react';
import { useT } from '../useT';

const LessonEditor = lazy(() => import('./LessonEditor'));

export function EditPanel() {
  const t = useT();
  return (
    <Suspense fallback={<p className="muted">{t('editor.loading')}</p>}>
      <LessonEditor />
    </Suspense>
  );
}
