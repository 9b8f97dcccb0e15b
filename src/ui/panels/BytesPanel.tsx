// The bytes of the current event, as text and as a hex dump.
import { useMemo } from 'react';
import { useT } from '../useT';
import { selectCurrentEvent, selectTrace, useAppStore } from '../../store';
import { payloadOf } from '../format/eventPayload';
import { hexDump, readableText } from '../format/hexdump';
import { decodeBase64OrUndefined } from '../../encoding/base64';
import { packetIndex } from '../../trace/query';

export function BytesPanel() {
  const t = useT();
  const trace = useAppStore(selectTrace);
  const event = useAppStore(selectCurrentEvent);
  const view = useMemo(() => {
    if (trace === null) return undefined;
    const packets = packetIndex(trace).byId;
    const payload = payloadOf(event, (id) => packets.get(id));
    const bytes = payload === undefined ? undefined : decodeBase64OrUndefined(payload.base64);
    if (payload === undefined || bytes === undefined || bytes.length === 0) return undefined;
    return { total: payload.length, bytes, text: readableText(bytes), rows: hexDump(bytes) };
  }, [trace, event]);
  if (view === undefined)
    return (
      <p className="muted" data-testid="bytes">
        {t('bytes.none')}
      </p>
    );
  return (
    <div className="bytes-panel" data-testid="bytes">
      <p className="muted small">
        {t.count('event.bytes', view.total)}
        {view.bytes.length < view.total && ` — ${t('bytes.cut', { shown: view.bytes.length, total: view.total })}`}
      </p>
      <h3>{t('bytes.text')}</h3>
      <pre className="bytes-text" data-testid="bytes-text">
        {view.text}
      </pre>
      <h3>{t('bytes.hex')}</h3>
      <table className="hexdump" data-testid="bytes-hex">
        <thead>
          <tr>
            <th scope="col">{t('bytes.offset')}</th>
            <th scope="col">{t('bytes.hex')}</th>
            <th scope="col">{t('bytes.ascii')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.offset}>
              <td className="offset">{row.offset}</td>
              <td className="hex">{row.hex}</td>
              <td className="ascii">{row.ascii}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
