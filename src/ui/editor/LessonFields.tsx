// The lesson's id, hosts and link in the editor, each problem beside the field it names.
import type { Problem } from '../../scenario/validate';
import { useT } from '../useT';
import { getIn, isObject, numberFromInput, setIn, type Json } from './edit-model';
import { edit } from './editor-store';
import { ProblemList } from './ProblemList';

function TextInput(props: { draft: Json; loc: (string | number)[]; label: string; number?: boolean; wide?: boolean }) {
  const value = getIn(props.draft, props.loc);
  const key = props.loc.join('.');
  return (
    <label className={`editor-field${props.wide === true ? ' wide' : ''}`}>
      <span>{props.label}</span>
      <input
        type="text"
        data-field={key}
        spellCheck={false}
        inputMode={props.number === true ? 'decimal' : undefined}
        value={value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
        onChange={(e) => {
          const text = e.target.value;
          edit(setIn(props.draft, props.loc, props.number === true ? numberFromInput(text) : text), key);
        }}
      />
    </label>
  );
}

const problemsIn = (problems: Map<string, Problem[]>): boolean =>
  [...problems.keys()].some((anchor) => anchor === '$.id' || anchor === '$.link' || anchor.startsWith('$.hosts['));

export function LessonFields({ draft, problems }: { draft: Json; problems: Map<string, Problem[]> }) {
  const t = useT();
  const hosts = getIn(draft, ['hosts']);
  const link = getIn(draft, ['link']);
  return (
    // Folded at first, so the steps come first; opened by a problem inside it.
    <details className="editor-section" open={problemsIn(problems) || undefined}>
      <summary>{t('editor.lesson')}</summary>
      <TextInput draft={draft} loc={['id']} label={t('editor.id')} wide />
      <ProblemList problems={problems.get('$.id')} />
      <h4>{t('editor.hosts')}</h4>
      {Array.isArray(hosts) &&
        hosts.map((_, i) => (
          <div key={i} className="editor-host" data-testid="editor-host">
            <div className="editor-row">
              <TextInput draft={draft} loc={['hosts', i, 'name']} label={t('editor.hostName')} />
              <TextInput draft={draft} loc={['hosts', i, 'addr']} label={t('editor.hostAddr')} />
            </div>
            <ProblemList problems={problems.get(`$.hosts[${i}]`)} />
          </div>
        ))}
      <h4>{t('editor.link')}</h4>
      <div className="editor-row">
        <TextInput draft={draft} loc={['link', 'latencyMs']} label={t('editor.latency')} number />
        <TextInput draft={draft} loc={['link', 'lossProbability']} label={t('editor.loss')} number />
      </div>
      {link !== undefined && !isObject(link) && <p className="muted">{JSON.stringify(link)}</p>}
      <ProblemList problems={problems.get('$.link')} />
    </details>
  );
}
