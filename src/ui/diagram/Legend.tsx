// The legend of the diagram's marks (arrow styles, crosses, bands, bars, brackets, gaps), each
// drawn with the diagram's own classes so it always matches the drawing. A strip above the
// drawing, shown on demand: it never covers the diagram.
import type { JSX, ReactNode } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../useT';

const w = 46;
const h = 22;
const mid = h / 2;

function Sample({ children }: { children: ReactNode }) {
  return (
    <svg className="dg legend-sample" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
      {children}
    </svg>
  );
}

/** A horizontal arrow in the diagram's classes; `head` false for a hollow (still travelling) head. */
function arrowSample(classes: string, hollow = false, cross = false): JSX.Element {
  return (
    <g className={`arrow ${classes}`}>
      <path className="line" d={`M3,${mid} L${cross ? w - 14 : w - 4},${mid}`} />
      {cross ? (
        <g className="cross">
          <line x1={w - 19} y1={mid - 6} x2={w - 7} y2={mid + 6} />
          <line x1={w - 19} y1={mid + 6} x2={w - 7} y2={mid - 6} />
        </g>
      ) : (
        <polygon
          className={hollow ? 'head hollow' : 'head'}
          points={`${w - 3},${mid} ${w - 13},${mid - 5} ${w - 13},${mid + 5}`}
        />
      )}
    </g>
  );
}

const entries: readonly { key: MessageKey; sample: () => JSX.Element }[] = [
  { key: 'legend.segment', sample: () => arrowSample('tcp delivered') },
  { key: 'legend.inFlight', sample: () => arrowSample('tcp in-flight', true) },
  { key: 'legend.retransmission', sample: () => arrowSample('tcp delivered retransmission') },
  { key: 'legend.dropped', sample: () => arrowSample('tcp dropped', false, true) },
  { key: 'legend.datagram', sample: () => arrowSample('udp delivered') },
  { key: 'legend.icmp', sample: () => arrowSample('icmp delivered') },
  { key: 'legend.duplicate', sample: () => arrowSample('tcp delivered duplicate') },
  {
    key: 'legend.band',
    sample: () => (
      <g className="band state-ESTABLISHED">
        <rect x={w / 2 - 7} y={1} width={14} height={h - 2} rx={3} />
      </g>
    ),
  },
  {
    key: 'legend.bar',
    sample: () => (
      <>
        <g className="bar">
          <rect x={12} y={2} width={8} height={h - 4} rx={2} />
        </g>
        <g className="bar waiting">
          <rect x={28} y={2} width={8} height={h - 4} rx={2} />
        </g>
      </>
    ),
  },
  {
    key: 'legend.timer',
    sample: () => (
      <g className="timer">
        <path d={`M${w / 2 + 6},2 H${w / 2} V${h - 4} H${w / 2 + 6}`} />
        <circle cx={w / 2} cy={h - 4} r={3.5} />
      </g>
    ),
  },
  {
    key: 'legend.gap',
    sample: () => (
      <g className="gap">
        <rect className="gap-fill" x={0} y={5} width={w} height={h - 10} />
        <path className="gap-line" d={`M0,5 L8,2 L16,8 L24,2 L32,8 L40,2 L46,5`} />
        <path
          className="gap-line"
          d={`M0,${h - 5} L8,${h - 8} L16,${h - 2} L24,${h - 8} L32,${h - 2} L40,${h - 8} L46,${h - 5}`}
        />
      </g>
    ),
  },
  { key: 'legend.cursor', sample: () => <line className="cursor" x1={2} x2={w - 2} y1={mid} y2={mid} /> },
];

export function Legend(): JSX.Element {
  const t = useT();
  return (
    <section className="legend" data-testid="legend" aria-label={t('legend.title')}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.key} data-testid={entry.key}>
            <Sample>{entry.sample()}</Sample>
            <span>{t(entry.key)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
