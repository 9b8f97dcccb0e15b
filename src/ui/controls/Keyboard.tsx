// Listens for the stepping shortcuts on the whole page. Renders nothing.
import { useEffect } from 'react';
import { dispatch, useAppStore } from '../../store';
import { actionForKey, pageHandlesKey } from './keys';

export function Keyboard() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || useAppStore.getState().trace === null) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target !== null && !pageHandlesKey(target.tagName, event.key, target.isContentEditable)) return;
      if (target?.closest('dialog[open], [popover]') != null) return;
      const action = actionForKey(event);
      if (action === undefined) return;
      event.preventDefault();
      dispatch(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
