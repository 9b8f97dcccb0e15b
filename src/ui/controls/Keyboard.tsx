// Listens for the stepping shortcuts on the whole page; in presentation mode, B or "." blanks the
// screen (a clicker's black-screen button) until the next key.
import { useEffect, useState } from 'react';
import { useT } from '../useT';
import { dispatch, selectPresentation, useAppStore } from '../../store';
import { actionForKey, clickerKeys, isBlankKey, pageHandlesKey } from './keys';

export function Keyboard() {
  const t = useT();
  const presentation = useAppStore(selectPresentation);
  const [blank, setBlank] = useState(false);
  const blanked = blank && presentation;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const inputType = target instanceof HTMLInputElement ? target.type : undefined;
      if (target !== null && !pageHandlesKey(target.tagName, event.key, target.isContentEditable, inputType)) return;
      if (target?.closest('dialog[open], [popover]') != null && !clickerKeys.has(event.key)) return;
      if (blanked) {
        // Any key brings the screen back; it does not also step.
        if (event.key !== 'Shift' && event.key !== 'Control' && event.key !== 'Alt' && event.key !== 'Meta') {
          event.preventDefault();
          setBlank(false);
        }
        return;
      }
      if (presentation && isBlankKey(event)) {
        event.preventDefault();
        setBlank(true);
        return;
      }
      if (useAppStore.getState().trace === null) return;
      const action = actionForKey(event);
      if (action === undefined) return;
      event.preventDefault();
      dispatch(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [blanked, presentation]);

  if (!blanked) return null;
  return (
    <div className="blank-screen" data-testid="blank-screen" role="status" onClick={() => setBlank(false)}>
      <span className="visually-hidden">{t('teacher.blanked')}</span>
    </div>
  );
}
