// The packet pane (like Wireshark's): every field of the current packet, relative and absolute
// numbers, who sent it and why (the cause the Trace shows, src/ui/explain/causes.ts), what it
// says (the explanation) and which socket received it. A disclosure under the diagram, opened by
// a click on an arrow or from the keyboard (its summary is focusable).
import type { JSX, ReactNode } from 'react';
import { translator, type Lang, type Translate } from '../../i18n';
import { datagramNotation, formatInstant, type PacketDetails as Details, type PacketEnd } from '../../diagram';
import type { Explanation } from '../explain';

export interface PacketDetailsProps {
  details: Details | undefined;
  lang: Lang;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** Why the packet was sent (its cause), and what it says (the event's explanation). */
  why?: Explanation;
  meaning?: Explanation;
  /** What the learner can do with this packet (drop it, crash a host here), under its fields. */
  actions?: ReactNode;
}

/** A sentence row across the whole pane, with the RFC sections it follows. */
function SentenceRow({
  name,
  testId,
  explanation,
  lang,
}: {
  name: string;
  testId: string;
  explanation: Explanation;
  lang: Lang;
}) {
  return (
    <div className="packet-row packet-sentence" data-testid={testId} data-explain={explanation.id}>
      <dt>{name}</dt>
      <dd>
        {explanation.text[lang]}
        {explanation.rfc.length > 0 && <span className="packet-rfc">{` (${explanation.rfc.join(', ')})`}</span>}
      </dd>
    </div>
  );
}

const endText = (t: Translate, end: PacketEnd): string => {
  const who =
    end.fd === undefined
      ? t('packet.kernel', { host: end.host })
      : t('packet.socket', end as { host: string; fd: number });
  return end.address === '' ? who : `${who} — ${end.address}`;
};

function numberText(t: Translate, absolute: number, relative: number | undefined): string {
  return relative === undefined ? String(absolute) : t('packet.relativeAbsolute', { relative, absolute });
}

function summaryOf(t: Translate, details: Details): string {
  const packet = details.packet;
  if (packet.kind === 'segment') return packet.flags.length > 0 ? packet.flags.join(', ') : '—';
  if (packet.kind === 'datagram') return datagramNotation(packet);
  return t(`diagram.icmp.${packet.type}`);
}

function rowsOf(t: Translate, details: Details, lang: Lang): [string, ReactNode][] {
  const { packet } = details;
  const fate =
    details.fate === 'in-flight'
      ? t('packet.inFlight')
      : details.fate === 'dropped'
        ? t('packet.dropped', { at: formatInstant(details.fateAt ?? 0, lang), reason: details.dropReason ?? '' })
        : t('packet.delivered', { at: formatInstant(details.fateAt ?? 0, lang) });
  const rows: [string, ReactNode][] = [
    [t('packet.protocol'), packet.kind === 'segment' ? 'TCP' : packet.kind === 'datagram' ? 'UDP' : 'ICMP'],
    [t('packet.from'), endText(t, details.sender)],
    [t('packet.to'), endText(t, details.receiver)],
    [t('packet.sentAt'), formatInstant(packet.t, lang)],
    [t('packet.fate'), fate],
  ];
  if (packet.kind === 'segment') {
    rows.push(
      [t('packet.flags'), packet.flags.length > 0 ? packet.flags.join(', ') : '—'],
      [t('packet.seq'), numberText(t, packet.seq, details.relativeSeq)],
      [t('packet.ack'), packet.flags.includes('ACK') ? numberText(t, packet.ack, details.relativeAck) : '—'],
      [t('packet.window'), details.windowText ?? String(packet.window)],
      [t('packet.options'), details.options.length > 0 ? details.options.join(', ') : '—'],
      [t('packet.retransmission'), t(packet.retransmission === true ? 'packet.yes' : 'packet.no')],
    );
    if (packet.probe !== undefined) rows.push([t('packet.probe'), packet.probe]);
  }
  if (packet.kind === 'icmp') rows.push([t('packet.icmpAbout'), String(packet.about)]);
  else {
    rows.push([t('packet.length'), t('packet.bytes', { n: packet.len })]);
    rows.push([t('packet.payload'), details.payloadPreview === '' ? '—' : <code>{details.payloadPreview}</code>]);
  }
  return rows;
}

export function PacketDetails({
  details,
  lang,
  open,
  onToggle,
  why,
  meaning,
  actions,
}: PacketDetailsProps): JSX.Element {
  const t = translator(lang);
  return (
    <details
      className="packet-details"
      data-testid="packet-details"
      data-event-index={details?.eventIndex}
      open={open}
      onToggle={(event) => onToggle(event.currentTarget.open)}
    >
      <summary data-testid="packet-details-summary">
        {details === undefined
          ? t('packet.none')
          : t('packet.summary', { text: `${t('packet.title', { n: details.packet.id })}, ${summaryOf(t, details)}` })}
      </summary>
      {details !== undefined && (
        <dl>
          {why !== undefined && (
            <SentenceRow name={t('packet.why')} testId="packet-why" explanation={why} lang={lang} />
          )}
          {meaning !== undefined && (
            <SentenceRow name={t('packet.meaning')} testId="packet-meaning" explanation={meaning} lang={lang} />
          )}
          {rowsOf(t, details, lang).map(([name, value]) => (
            <div key={name} className="packet-row">
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {details !== undefined && actions}
    </details>
  );
}
