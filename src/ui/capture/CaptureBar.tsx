// Above the imported trace: how much the capture holds, which TCP connection is shown (when it
// holds several) and a form to name endpoints, which builds the trace again with those names.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useT } from '../useT';
import {
  selectConnectionId,
  selectEndpointNames,
  selectFullCapture,
  selectImported,
  selectPresentation,
  selectRenamable,
  selectRenaming,
  useAppStore,
} from '../../store';
import { captureMeta } from '../../trace/query';
import type { Trace } from '../../trace/types';
import { loadImporter } from './lazy';
import { connectionCount, connectionsOf, nameableEndpoints, type CaptureConnection } from './select';
import { cleanNames, pickConnection } from './session';

const named = (endpoint: string, names: Readonly<Record<string, string>>): string => {
  const name = names[endpoint];
  return name === undefined ? endpoint : `${name} (${endpoint})`;
};

function ConnectionPicker({ full, connections }: { full: Trace; connections: CaptureConnection[] }) {
  const t = useT();
  const connectionId = useAppStore(selectConnectionId);
  const names = useAppStore(selectEndpointNames);
  const total = connectionCount(full);
  return (
    <div className="capture-field">
      <label htmlFor="connection-picker">{t('capture.connection')}</label>
      <select
        id="connection-picker"
        data-testid="connection-picker"
        value={connectionId === null ? 'all' : String(connectionId)}
        onChange={(event) => pickConnection(event.target.value === 'all' ? null : Number(event.target.value))}
      >
        {connections.map((connection) => (
          <option key={connection.id} value={String(connection.id)}>
            {t.count('capture.connectionItem', connection.segments, {
              client: named(connection.client, names),
              server: named(connection.server, names),
            })}
          </option>
        ))}
        <option value="all">{t('capture.allConnections', { count: total })}</option>
      </select>
      {total > connections.length && (
        <span className="muted small">{t('capture.moreConnections', { shown: connections.length, total })}</span>
      )}
    </div>
  );
}

function EndpointNames({ full }: { full: Trace }) {
  const t = useT();
  const connectionId = useAppStore(selectConnectionId);
  const names = useAppStore(selectEndpointNames);
  const renaming = useAppStore(selectRenaming);
  const endpoints = useMemo(() => nameableEndpoints(full, connectionId), [full, connectionId]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const details = useRef<HTMLDetailsElement>(null);
  if (endpoints.length === 0) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = cleanNames({ ...names, ...draft });
    setDraft({});
    if (details.current !== null) details.current.open = false;
    void loadImporter().then((importer) => importer.rename(next));
  };
  return (
    <details className="names-menu" ref={details} data-testid="endpoint-names">
      <summary className="button names-summary">{t('capture.names')}</summary>
      <form className="names-form" onSubmit={submit}>
        <p className="muted small">{t('capture.namesHint')}</p>
        {endpoints.map((endpoint) => (
          <div className="name-row" key={endpoint}>
            <label htmlFor={`endpoint-name-${endpoint}`} className="name-endpoint">
              <span className="visually-hidden">{t('capture.nameFor', { endpoint })}</span>
              <code aria-hidden="true">{endpoint}</code>
            </label>
            <input
              id={`endpoint-name-${endpoint}`}
              data-testid={`endpoint-name-${endpoint}`}
              type="text"
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('capture.namePlaceholder')}
              value={draft[endpoint] ?? names[endpoint] ?? ''}
              onChange={(event) => {
                const value = event.target.value;
                setDraft((previous) => ({ ...previous, [endpoint]: value }));
              }}
            />
          </div>
        ))}
        <button type="submit" className="button" data-testid="endpoint-names-apply" disabled={renaming}>
          {renaming ? t('capture.applying') : t('capture.apply')}
        </button>
      </form>
    </details>
  );
}

export function CaptureBar() {
  const t = useT();
  const imported = useAppStore(selectImported);
  const presentation = useAppStore(selectPresentation);
  const full = useAppStore(selectFullCapture);
  const renamable = useAppStore(selectRenamable);
  const connections = useMemo(() => (full === null ? [] : connectionsOf(full)), [full]);
  if (imported === null || full === null || presentation) return null;
  const packets = captureMeta(full)?.packets;
  const total = connectionCount(full);
  return (
    <section className="capture-bar" aria-label={t('capture.bar')} data-testid="capture-bar">
      {(packets !== undefined || total > 0) && (
        <p className="capture-summary">
          {packets !== undefined && <span>{t.count('capture.packets', packets)}</span>}
          {total > 0 && <span>{t.count('capture.connections', total)}</span>}
        </p>
      )}
      {connections.length > 1 && <ConnectionPicker full={full} connections={connections} />}
      {renamable && <EndpointNames full={full} />}
    </section>
  );
}
