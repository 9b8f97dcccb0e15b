import { beforeEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { validateScenario } from '../../scenario/validate';
import { currentScenario, selectScenario, useAppStore } from '../../store';
import { setIn } from './edit-model';
import { edit, followLesson, showDraft, undoEdit, useEditor } from './editor-store';

const onScreen = () => currentScenario(useAppStore.getState());
const follow = () => followLesson(onScreen(), useAppStore.getState().loaded);

function validated(draft: unknown) {
  const result = validateScenario(draft);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe('the editor’s draft and the lesson on screen', () => {
  beforeEach(() => {
    selectScenario('tcp-echo', { cursor: 12 });
    follow();
  });

  it('shows a valid edit as a lesson edited from the original, at the same step, and keeps its history', () => {
    const echo = findScenario('tcp-echo');
    expect(useEditor.getState().history.present).toBe(echo);
    edit(setIn(echo, ['programs', 1, 'steps', 2, 'data'], 'Hi'), 'data');
    showDraft(validated(useEditor.getState().history.present), false);
    const app = useAppStore.getState();
    expect(app.loaded?.origin).toEqual({ kind: 'edited', from: 'tcp-echo' });
    expect(app.cursor).toBe(12);
    expect(app.trace?.events.some((e) => e.kind === 'segment' && e.len === 2)).toBe(true);
    follow(); // the lesson the editor put there: the draft and its history stay
    expect(useEditor.getState().history.past).toHaveLength(1);

    // Undone back to the start, the built-in lesson itself is on screen again.
    undoEdit();
    showDraft(validated(useEditor.getState().history.present), true);
    expect(useAppStore.getState().loaded).toBeNull();
    expect(onScreen()).toBe(echo);
  });

  it('keeps the last good trace when the simulator refuses a valid draft, and starts over for another lesson', () => {
    const before = useAppStore.getState().trace;
    const huge = setIn(findScenario('tcp-echo'), ['limits'], { maxEvents: 1 });
    showDraft(validated(huge), false);
    expect(useEditor.getState().simError).not.toBeNull();
    expect(useAppStore.getState().trace).toBe(before);
    edit(huge);
    selectScenario('nagle');
    follow();
    expect(useEditor.getState().history.present).toBe(findScenario('nagle'));
    expect(useEditor.getState().history.past).toEqual([]);
  });
});
