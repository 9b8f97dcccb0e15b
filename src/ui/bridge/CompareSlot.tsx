// The comparison view loads apart (it brings the trace diff): most sessions never open it.
import { lazy, Suspense } from 'react';
import { useT } from '../useT';

const CompareView = lazy(() => import('./CompareView').then((module) => ({ default: module.CompareView })));

export function CompareSlot() {
  const t = useT();
  return (
    <Suspense fallback={<p className="muted running">{t('compare.loading')}</p>}>
      <CompareView />
    </Suspense>
  );
}
