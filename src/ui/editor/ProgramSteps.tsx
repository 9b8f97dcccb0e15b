// One program's steps in the editor: each as the call it makes, with move, remove and its fields,
// its problems under it; and a new step of any op, after the open step or at the end.
import { useState } from 'react';
import type { Problem } from '../../scenario/validate';
import type { Lang } from '../../i18n';
import { selectLang, useAppStore } from '../../store';
import { useT } from '../useT';
import {
  insertStep,
  isObject,
  moveStep,
  pathOf,
  removeStep,
  setIn,
  socketBefore,
  stepLabel,
  stepOps,
  stepRows,
  stepSummary,
  stepTemplate,
  within,
  type Json,
  type StepOp,
  type StepRow,
} from './edit-model';
import { edit, useEditor } from './editor-store';
import { ProblemList } from './ProblemList';
import { StepForm } from './StepForm';

interface RowProps {
  draft: Json;
  row: StepRow;
  problems: Problem[] | undefined;
  open: boolean;
}

/** The lesson's own words for a step (its `explain`), in the learner's language. */
function explainText(step: Json, lang: Lang): string | undefined {
  const explain = isObject(step) ? step.explain : undefined;
  const text = isObject(explain) ? explain[lang] : undefined;
  return typeof text === 'string' ? text : undefined;
}

function Row({ draft, row, problems, open }: RowProps) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const label = stepLabel(row.loc);
  const move = (delta: -1 | 1) => {
    const moved = moveStep(draft, row.loc, delta);
    edit(moved.draft);
    if (open) useEditor.setState({ open: pathOf(moved.loc) });
  };
  return (
    <li
      className={`editor-step${problems !== undefined ? ' bad' : ''}${open ? ' open' : ''}`}
      data-testid="editor-step"
      data-path={row.path}
      style={{ marginLeft: `${row.depth * 0.9}rem` }}
    >
      <div className="editor-step-head">
        <button
          type="button"
          className="editor-step-call"
          aria-expanded={open}
          title={explainText(row.step, lang) ?? t('editor.edit', { n: label })}
          onClick={() => useEditor.setState({ open: open ? null : row.path })}
        >
          <span className="editor-step-n">{label}</span> <code>{stepSummary(row.step)}</code>
        </button>
        <button
          type="button"
          aria-label={t('editor.moveUp')}
          title={t('editor.moveUp')}
          disabled={row.index === 0}
          onClick={() => move(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={t('editor.moveDown')}
          title={t('editor.moveDown')}
          disabled={row.index === row.count - 1}
          onClick={() => move(1)}
        >
          ↓
        </button>
        <button
          type="button"
          data-testid="editor-remove"
          aria-label={t('editor.remove')}
          title={t('editor.remove')}
          onClick={() => {
            edit(removeStep(draft, row.loc));
            useEditor.setState({ open: null });
          }}
        >
          ✕
        </button>
      </div>
      <ProblemList problems={problems} />
      {open && (
        <StepForm
          step={row.step}
          path={row.path}
          onChange={(step, key) => edit(setIn(draft, row.loc, step), `${row.path}.${key}`)}
        />
      )}
    </li>
  );
}

function AddStep({ draft, program, rows }: { draft: Json; program: number; rows: StepRow[] }) {
  const t = useT();
  const [op, setOp] = useState<StepOp>('sendall');
  const openPath = useEditor((state) => state.open);
  const at = rows.findIndex((row) => row.path === openPath);
  const after = rows[at];
  return (
    <div className="editor-add">
      <label>
        <span>{t('editor.newOp')}</span>
        <select data-testid="editor-add-op" value={op} onChange={(e) => setOp(e.target.value as StepOp)}>
          {stepOps.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="editor-add"
        onClick={() => {
          const listLoc = after === undefined ? ['programs', program, 'steps'] : after.loc.slice(0, -1);
          const index = after === undefined ? rows.filter((row) => row.depth === 0).length : after.index + 1;
          const inserted = insertStep(
            draft,
            listLoc,
            index,
            stepTemplate(op, socketBefore(rows, at === -1 ? rows.length : at)),
          );
          edit(inserted.draft);
          useEditor.setState({ open: pathOf(inserted.loc) });
        }}
      >
        {after === undefined ? t('editor.addEnd') : t('editor.addAfter')}
      </button>
    </div>
  );
}

export function ProgramSteps(props: { draft: Json; program: number; problems: Map<string, Problem[]> }) {
  const t = useT();
  const open = useEditor((state) => state.open);
  const rows = stepRows(props.draft, props.program);
  return (
    <div className="editor-section">
      {rows.length === 0 && <p className="muted">{t('editor.empty')}</p>}
      <ol className="editor-steps">
        {rows.map((row) => (
          <Row
            key={row.path}
            draft={props.draft}
            row={row}
            problems={props.problems.get(row.path)}
            open={open !== null && within(open, row.path) && open.length === row.path.length}
          />
        ))}
      </ol>
      <AddStep draft={props.draft} program={props.program} rows={rows} />
    </div>
  );
}
