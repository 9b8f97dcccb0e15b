// The lesson editor (issue 13, "change the program"), a tab beside the code: the lesson on screen
// as a draft the learner edits (steps per program, hosts, link), every problem beside the step
// or field its JSON path names, the diagram simulated again once typing pauses, undo and redo.
// Loaded on first use with the schema's validator (zod stays out of the first download).
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { scenarioLimits } from '../../scenario/limits';
import { validateScenario, type Problem } from '../../scenario/validate';
import { selectCurrentScenario, selectLoadedLesson, useAppStore } from '../../store';
import { useT } from '../useT';
import { getIn, isObject, newLessonFrom, placeProblems, programOf, stepRows, type Json } from './edit-model';
import { edit, followLesson, redoEdit, showDraft, undoEdit, useEditor } from './editor-store';
import { LessonFields } from './LessonFields';
import { ProblemList } from './ProblemList';
import { ProgramSteps } from './ProgramSteps';
import { JsonText } from './StepForm';
import './editor.css';

/** Typing pauses this long before the draft is simulated (a keystroke's simulation would lag). */
export const editDelayMs = 300;

type Check = { ok: true; problems: [] } | { ok: false; problems: Problem[] };

function check(draft: Json): Check {
  // The export menu's limit on a lesson's size, checked before the schema walks it.
  if ((JSON.stringify(draft) ?? '').length > scenarioLimits.maxTextBytes) {
    return { ok: false, problems: [{ path: '$', message: `over ${scenarioLimits.maxTextBytes} bytes` }] };
  }
  const result = validateScenario(draft);
  return result.ok ? { ok: true, problems: [] } : result;
}

/** Validates the draft as it changes and puts a valid one on screen once typing pauses. */
function useDraftOnScreen(draft: Json, base: Json): { problems: Problem[]; pending: boolean } {
  const result = useMemo(() => check(draft), [draft]);
  const [pending, setPending] = useState(false);
  useEffect(() => {
    const produced = useEditor.getState().produced;
    if (!result.ok || draft === (produced ?? base)) return;
    setPending(true);
    const timer = setTimeout(() => {
      setPending(false);
      const valid = validateScenario(draft);
      if (valid.ok) showDraft(valid.scenario, draft === base);
    }, editDelayMs);
    return () => {
      clearTimeout(timer);
      setPending(false);
    };
  }, [draft, base, result]);
  return { problems: result.problems, pending };
}

function Toolbar({ draft, problems, pending }: { draft: Json; problems: number; pending: boolean }) {
  const t = useT();
  const history = useEditor((state) => state.history);
  const simError = useEditor((state) => state.simError);
  const copy = newLessonFrom(draft);
  const copyId = String(getIn(copy, ['id']));
  const status =
    problems > 0
      ? t(problems === 1 ? 'editor.status.problems.one' : 'editor.status.problems.other', { count: problems })
      : pending
        ? t('editor.status.pending')
        : simError !== null
          ? t('editor.status.simFailed', { message: simError })
          : t('editor.status.ok');
  return (
    <div className="editor-toolbar">
      <button
        type="button"
        data-testid="editor-undo"
        disabled={history.past.length === 0}
        title={t('editor.undoTitle')}
        onClick={undoEdit}
      >
        {t('editor.undo')}
      </button>
      <button
        type="button"
        data-testid="editor-redo"
        disabled={history.future.length === 0}
        title={t('editor.redoTitle')}
        onClick={redoEdit}
      >
        {t('editor.redo')}
      </button>
      <button
        type="button"
        data-testid="editor-new-lesson"
        disabled={copy === draft || copyId === getIn(draft, ['id'])}
        title={t('editor.newLessonTitle', { id: copyId })}
        onClick={() => edit(copy)}
      >
        {t('editor.newLesson')}
      </button>
      <p
        className={`editor-status${problems > 0 || simError !== null ? ' bad' : ''}`}
        data-testid="editor-status"
        data-state={problems > 0 ? 'invalid' : pending ? 'pending' : simError !== null ? 'failed' : 'ok'}
        role="status"
      >
        {status}
      </p>
    </div>
  );
}

function ProgramTabs({ draft, problems }: { draft: Json; problems: Problem[] }) {
  const t = useT();
  const program = useEditor((state) => state.program);
  const programs = getIn(draft, ['programs']);
  if (!Array.isArray(programs)) return null;
  return (
    <div className="editor-programs" role="group" aria-label={t('editor.programs')}>
      {programs.map((p: Json, i) => {
        const host = isObject(p) && typeof p.host === 'string' ? p.host : `#${i}`;
        const count = problems.filter((problem) => programOf(problem.path) === i).length;
        return (
          <button
            key={i}
            type="button"
            data-testid="editor-program"
            data-host={host}
            aria-pressed={i === program}
            onClick={() => useEditor.setState({ program: i, open: null })}
          >
            {t('editor.program', { host })}
            {count > 0 && <span className="editor-badge">{count}</span>}
          </button>
        );
      })}
    </div>
  );
}

function onKeys(event: KeyboardEvent): void {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'z') return;
  // The editor's history, not the text field's own: one undo covers every field and step.
  event.preventDefault();
  event.stopPropagation();
  if (event.shiftKey) redoEdit();
  else undoEdit();
}

export default function LessonEditor() {
  const t = useT();
  const current = useAppStore(selectCurrentScenario);
  const loaded = useAppStore(selectLoadedLesson);
  useEffect(() => followLesson(current, loaded), [current, loaded]);
  const draft = useEditor((state) => state.history.present);
  const base = useEditor((state) => state.base);
  const program = useEditor((state) => state.program);
  const { problems, pending } = useDraftOnScreen(draft, base);
  const anchors = useMemo(() => {
    const programs = getIn(draft, ['programs']);
    const count = Array.isArray(programs) ? programs.length : 0;
    const rows = Array.from({ length: count }, (_, i) => stepRows(draft, i)).flat();
    const hosts = getIn(draft, ['hosts']);
    const hostPaths = Array.isArray(hosts) ? hosts.map((_, i) => `$.hosts[${i}]`) : [];
    return [...rows.map((row) => row.path), ...hostPaths, '$.id', '$.link'];
  }, [draft]);
  const placed = useMemo(() => placeProblems(problems, anchors), [problems, anchors]);
  if (current === undefined || base === null) {
    return <p className="muted">{t('editor.none')}</p>;
  }
  return (
    <div className="lesson-editor" data-testid="lesson-editor" onKeyDown={onKeys}>
      <Toolbar draft={draft} problems={problems.length} pending={pending} />
      <ProblemList problems={placed.rest} />
      <LessonFields draft={draft} problems={placed.byAnchor} />
      <ProgramTabs draft={draft} problems={problems} />
      <ProgramSteps draft={draft} program={program} problems={placed.byAnchor} />
      <details className="editor-section editor-raw">
        <summary>{t('editor.rawLesson')}</summary>
        <JsonText id="ed-lesson-json" value={draft} onChange={(value) => edit(value, 'lesson-json')} rows={16} />
      </details>
    </div>
  );
}
