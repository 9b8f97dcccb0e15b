// The fields of one step, as its op has them in the scenario schema (src/scenario/schema.ts,
// docs/scenario-semantics.md): the names are the format's own keys, so what the learner types
// here is what a teacher writes in a lesson file. Whatever has no field (explain, ref, nested
// data) is edited as the step's JSON below the fields.
import { useEffect, useState } from 'react';
import { useT } from '../useT';
import { isObject, numberFromInput, setIn, socketOptions, type Json, type JsonObject } from './edit-model';

type FieldKind = 'text' | 'number' | 'data' | 'value' | 'seconds' | readonly string[];
interface FieldSpec {
  key: string;
  kind: FieldKind;
  optional?: boolean;
}

const onEofs = ['break', 'exit', 'continue'] as const;
const sock: FieldSpec = { key: 'socket', kind: 'text' };
const asOpt: FieldSpec = { key: 'as', kind: 'text', optional: true };
const eof: FieldSpec = { key: 'onEof', kind: onEofs, optional: true };

const fieldsByOp: Record<string, readonly FieldSpec[]> = {
  socket: [
    { key: 'as', kind: 'text' },
    { key: 'type', kind: ['tcp', 'udp'] },
  ],
  setsockopt: [sock, { key: 'option', kind: socketOptions }, { key: 'value', kind: 'value' }],
  settimeout: [sock, { key: 'seconds', kind: 'seconds' }],
  bind: [sock, { key: 'addr', kind: 'text', optional: true }, { key: 'port', kind: 'number' }],
  listen: [sock, { key: 'backlog', kind: 'number' }],
  accept: [sock, { key: 'as', kind: 'text' }, { key: 'group', kind: 'text', optional: true }],
  connect: [sock, { key: 'host', kind: 'text' }, { key: 'port', kind: 'number' }],
  send: [sock, { key: 'data', kind: 'data' }],
  sendall: [sock, { key: 'data', kind: 'data' }],
  sendgroup: [
    { key: 'group', kind: 'text' },
    { key: 'data', kind: 'data' },
    { key: 'exceptSocket', kind: 'text', optional: true },
  ],
  recv: [sock, { key: 'max', kind: 'number' }, asOpt, eof],
  recvuntil: [sock, { key: 'delimiter', kind: 'text' }, { key: 'chunk', kind: 'number' }, asOpt, eof],
  recvexact: [sock, { key: 'bytes', kind: 'number' }, { key: 'chunk', kind: 'number', optional: true }, asOpt, eof],
  recvframe: [sock, asOpt, eof],
  sendto: [
    sock,
    { key: 'data', kind: 'data' },
    { key: 'host', kind: 'text', optional: true },
    { key: 'port', kind: 'number', optional: true },
    { key: 'toVar', kind: 'text', optional: true },
  ],
  recvfrom: [sock, { key: 'max', kind: 'number' }, asOpt, { key: 'fromAs', kind: 'text', optional: true }],
  shutdown: [sock, { key: 'how', kind: ['SHUT_WR', 'SHUT_RD', 'SHUT_RDWR'] }],
  close: [sock],
  sleep: [
    { key: 'ms', kind: 'number' },
    { key: 'backoff', kind: 'number', optional: true },
  ],
  repeat: [{ key: 'times', kind: 'number' }],
  loop: [{ key: 'max', kind: 'number' }],
  exit: [],
};

const onError: FieldSpec = { key: 'onError', kind: ['exit', 'break', 'continue'], optional: true };

function shown(value: Json): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a field's text means for the step (undefined leaves an optional key out). */
function parsed(spec: FieldSpec, text: string): Json {
  if (spec.kind === 'number') return numberFromInput(text);
  if (spec.kind === 'seconds') return text.trim() === '' ? null : numberFromInput(text);
  if (spec.kind === 'value') {
    if (text.trim() === 'true' || text.trim() === 'false') return text.trim() === 'true';
    return numberFromInput(text) ?? text;
  }
  return spec.optional === true && text === '' ? undefined : text;
}

interface FieldProps {
  spec: FieldSpec;
  value: Json;
  path: string;
  onChange: (value: Json) => void;
}

function Field({ spec, value, path, onChange }: FieldProps) {
  const t = useT();
  const id = `ed-${path}-${spec.key}`;
  const label = (
    <label htmlFor={id}>
      <code>{spec.key}</code>
    </label>
  );
  if (Array.isArray(spec.kind)) {
    const options: readonly string[] = spec.kind;
    return (
      <div className="editor-field">
        {label}
        <select
          id={id}
          data-field={spec.key}
          value={shown(value)}
          onChange={(e) => onChange(parsed(spec, e.target.value))}
        >
          {spec.optional === true && <option value="">—</option>}
          {!options.includes(shown(value)) && shown(value) !== '' && (
            <option value={shown(value)}>{shown(value)}</option>
          )}
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (spec.kind === 'data' && value !== undefined && typeof value !== 'string') {
    return (
      <div className="editor-field">
        {label}
        <JsonText id={id} value={value} onChange={onChange} rows={2} />
      </div>
    );
  }
  const hint =
    spec.kind === 'value' ? t('editor.hint.value') : spec.kind === 'data' ? t('editor.hint.data') : undefined;
  return (
    <div className="editor-field">
      {label}
      <input
        id={id}
        data-field={spec.key}
        type="text"
        inputMode={spec.kind === 'number' || spec.kind === 'seconds' ? 'decimal' : undefined}
        spellCheck={false}
        value={shown(value)}
        placeholder={spec.optional === true || spec.kind === 'seconds' ? t('editor.optional') : undefined}
        title={hint}
        onChange={(e) => onChange(parsed(spec, e.target.value))}
      />
    </div>
  );
}

/** JSON typed by hand: applied once it parses; until then the text stays and says what is wrong. */
export function JsonText(props: { id: string; value: Json; onChange: (value: Json) => void; rows: number }) {
  const t = useT();
  const formatted = JSON.stringify(props.value, null, 2) ?? '';
  const [text, setText] = useState(formatted);
  const [error, setError] = useState<string | null>(null);
  // A change from elsewhere (undo, a field above) replaces the text, unless it is what was typed.
  useEffect(() => {
    setText((typed) => {
      try {
        if (JSON.stringify(JSON.parse(typed)) === JSON.stringify(props.value)) return typed;
      } catch {
        // not JSON: what was typed is replaced by the value it stands for now
      }
      setError(null);
      return formatted;
    });
  }, [formatted, props.value]);
  return (
    <>
      <textarea
        id={props.id}
        className="editor-json"
        spellCheck={false}
        rows={props.rows}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const value: Json = JSON.parse(e.target.value);
            setError(null);
            props.onChange(value);
          } catch (problem) {
            setError((problem as Error).message);
          }
        }}
      />
      {error !== null && (
        <p className="editor-problem" role="alert">
          {t('editor.notJson', { message: error })}
        </p>
      )}
    </>
  );
}

export function StepForm(props: { step: Json; path: string; onChange: (step: Json, key: string) => void }) {
  const t = useT();
  const step: JsonObject = isObject(props.step) ? props.step : {};
  const specs = [...(fieldsByOp[typeof step.op === 'string' ? step.op : ''] ?? []), onError];
  return (
    <div className="editor-form" data-testid="editor-step-form">
      {specs.map((spec) => (
        <Field
          key={spec.key}
          spec={spec}
          value={step[spec.key]}
          path={props.path}
          onChange={(value) => props.onChange(setIn(step, [spec.key], value), spec.key)}
        />
      ))}
      <details className="editor-raw">
        <summary>{t('editor.rawStep')}</summary>
        <JsonText
          id={`ed-${props.path}-json`}
          value={props.step}
          onChange={(value) => props.onChange(value, 'json')}
          rows={8}
        />
      </details>
    </div>
  );
}
