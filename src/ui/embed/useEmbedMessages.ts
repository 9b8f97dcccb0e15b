// The embed page's side of its message API (src/store/embed.ts has the messages and their
// parsing): it tells the parent page every change of step and obeys goto/play/pause from it.
import { useEffect } from 'react';
import { dispatch, useAppStore, type AppStore } from '../../store';
import { embedStepMessage, parseEmbedCommand } from '../../store/embed';
import { totalSteps } from '../../trace/query';

/** Steps of the lesson on screen, or null while it is being simulated (or loaded). */
const stepsOf = (state: AppStore): number | null => (state.trace === null ? null : totalSteps(state.trace));

export function useEmbedMessages(win: Window = window): void {
  useEffect(() => {
    const parent = win.parent;
    // Not in a frame (the embed opened by itself): there is nobody to talk to.
    if (parent === win) return undefined;
    let posted = '';
    const post = (state: AppStore): void => {
      const total = stepsOf(state);
      if (total === null) return;
      const key = `${state.cursor}/${total}`;
      if (key === posted) return;
      posted = key;
      // Target '*': any course site may embed the lesson and its origin is not known here; the
      // message carries only a step number and a count of the lesson the page itself put in the
      // iframe's address, no secret.
      parent.postMessage(embedStepMessage(state.cursor, total), '*');
    };
    const onMessage = (event: MessageEvent): void => {
      // Only the page that embeds us drives us (not another frame, not a popup, not ourselves).
      if (event.source !== parent) return;
      try {
        const command = parseEmbedCommand(event.data, stepsOf(useAppStore.getState()));
        if (command !== null) dispatch(command);
      } catch {
        // Never throw into the page's message loop: a command that cannot be applied is dropped.
      }
    };
    post(useAppStore.getState());
    const stop = useAppStore.subscribe(post);
    win.addEventListener('message', onMessage);
    return () => {
      stop();
      win.removeEventListener('message', onMessage);
    };
  }, [win]);
}
