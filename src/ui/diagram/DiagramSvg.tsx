/** @jsxRuntime automatic @jsxImportSource react */
// Draws a laid-out diagram at a cursor: what is visible, as it is after events[0 .. shown-1].
// Used live (with a viewport) by Diagram and whole (no viewport) for export.
// `m` is motion's lazy variant: its features arrive with LazyMotion in Diagram.tsx.
import { m as motion } from 'framer-motion';
import { memo, type ReactNode } from 'react';
import { translator, type Lang, type Translate } from '../../i18n';
import {
  arrowTitle,
  bandTitle,
  barTitle,
  cursorY,
  gapTitle,
  laneLabel,
  laneTitle,
  timerTitle,
  type ArrowItem,
  type BandItem,
  type BarItem,
  type DiagramItem,
  type DiagramLayout,
  type GapItem,
  type Label,
  type Lane,
  type TimerItem,
  lineStepPx,
  visibleItems,
} from '../../diagram';
import { filterShowsKind, type EventFilter } from '../../trace/query';

export interface DiagramSvgProps {
  layout: DiagramLayout;
  shownEvents: number;
  lang: Lang;
  animate: boolean;
  /** The y-range to draw (the scroll viewport); undefined draws everything. */
  view?: { top: number; bottom: number };
  onSelectEvent?: (eventIndex: number) => void;
  /** Forces a theme on the root (exported files have no page around them). */
  theme?: 'light' | 'dark';
  /** The stylesheet embedded in the root, so the element is self-contained. */
  css: string;
  /** Only the lane headers, for the sticky copy above the scrolled drawing. */
  headerOnly?: boolean;
  /** Drawn size over layout size (the viewBox stays in layout units); 1 by default. */
  scale?: number;
  /** The learner's event filter: items of the kinds it hides are not drawn ('all' by default). */
  show?: EventFilter;
}

/** The event kind an item draws (gaps and time ticks belong to no event and always show). */
const itemKind = {
  arrow: 'segment',
  band: 'state',
  bar: 'call',
  timer: 'timer',
  note: 'note',
} as const satisfies Partial<Record<DiagramItem['type'], string>>;

const itemShown = (item: DiagramItem, show: EventFilter): boolean =>
  item.type === 'gap' || item.type === 'tick' || filterShowsKind(show, itemKind[item.type]);

export const DiagramSvg = memo(function DiagramSvg(props: DiagramSvgProps) {
  const { layout, shownEvents, lang, headerOnly } = props;
  const scale = props.scale ?? 1;
  const t = translator(lang);
  const hosts = layout.hosts.map((h) => h.host).join(', ');
  if (headerOnly) return <HeaderStrip layout={layout} t={t} scale={scale} />;
  const shown = Math.max(0, Math.min(shownEvents, layout.eventY.length));
  const cursor = cursorY(layout, shown);
  // Keyed by their index in the layout, so an item keeps its element while scrolling.
  const show = props.show ?? 'all';
  const all = visibleItems(layout, shown, props.view);
  const visible = show === 'all' ? all : all.filter(({ item }) => itemShown(item, show));
  const context: DrawContext = {
    layout,
    t,
    shown,
    cursor,
    animate: props.animate,
    select: props.onSelectEvent,
    clipTop: props.view === undefined ? -Infinity : clipTopOf(props.view.top),
  };
  const title = t('diagram.title');
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      className="dg"
      data-testid="diagram-svg"
      data-theme={props.theme}
      role="img"
      aria-label={t('diagram.aria', { hosts, shown, count: layout.eventY.length })}
      width={layout.width * scale}
      height={layout.height * scale}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      fontSize={layout.metrics.fontPx}
    >
      <title>{`${title}: ${hosts}`}</title>
      <style>{props.css}</style>
      <rect className="dg-background" width={layout.width} height={layout.height} />
      <Headers layout={layout} t={t} testIds={true} />
      <g className="gaps">
        {visible.map(({ id, item }) => item.type === 'gap' && <Gap key={id} item={item} c={context} />)}
      </g>
      <g className="bands">
        {visible.map(({ id, item }) => item.type === 'band' && <Band key={id} item={item} c={context} />)}
      </g>
      <g className="bars">
        {visible.map(({ id, item }) => item.type === 'bar' && <Bar key={id} item={item} c={context} />)}
      </g>
      <g className="timers">
        {visible.map(({ id, item }) => item.type === 'timer' && <Timer key={id} item={item} c={context} />)}
      </g>
      <g className="arrows">
        {visible.map(({ id, item }) => item.type === 'arrow' && <Arrow key={id} item={item} c={context} />)}
      </g>
      {shown > 0 && (
        <line className="cursor" x1={layout.metrics.timeColumnPx} x2={layout.width} y1={cursor} y2={cursor} />
      )}
      <g className="labels">
        {visible.map(({ id, item }) => (
          <ItemLabels key={id} item={item} c={context} />
        ))}
      </g>
    </svg>
  );
});

/** The sticky copy of the lane headers, drawn above the scrolled diagram. */
function HeaderStrip({ layout, t, scale }: { layout: DiagramLayout; t: Translate; scale: number }) {
  return (
    <svg
      className="dg"
      aria-hidden="true"
      width={layout.width * scale}
      height={layout.metrics.headerHeight * scale}
      viewBox={`0 0 ${layout.width} ${layout.metrics.headerHeight}`}
    >
      <rect className="header-shade" width={layout.width} height={layout.metrics.headerHeight} />
      <Headers layout={layout} t={t} testIds={false} />
    </svg>
  );
}

/**
 * What of the cursor an item's drawing depends on: whether it has ended (an arrow arrived, a call
 * returned, a timer stopped), whether it is the newest (animated), and for an item still open the
 * cursor's y it reaches down to. Items whose phase did not change are not drawn again on a step,
 * so a step re-renders the few items it changes, not every item in view.
 */
function drawPhase(item: DiagramItem, c: DrawContext): string {
  const fresh = c.animate && 'eventIndex' in item && item.eventIndex === c.shown - 1 ? 'f' : '';
  switch (item.type) {
    case 'arrow':
      return `${item.endIndex >= 0 && item.endIndex < c.shown ? 'e' : 'o'}${fresh}`;
    case 'bar':
      // An open call's outline is cut at clipTop (WaitingOutline).
      return item.endIndex >= 0 && item.endIndex < c.shown ? `e${fresh}` : `o${fresh}${c.cursor}:${c.clipTop}`;
    case 'band':
    case 'timer':
      return item.endIndex >= 0 && item.endIndex < c.shown ? `e${fresh}` : `o${fresh}${c.cursor}`;
    default:
      return fresh;
  }
}

/** memo's comparison for an item's drawing: same item, same drawing context, same phase. */
function sameDrawing(before: { item: DiagramItem; c: DrawContext }, after: { item: DiagramItem; c: DrawContext }) {
  const [a, b] = [before.c, after.c];
  return (
    before.item === after.item &&
    a.layout === b.layout &&
    a.t.lang === b.t.lang &&
    a.animate === b.animate &&
    a.select === b.select &&
    drawPhase(before.item, a) === drawPhase(after.item, b)
  );
}

interface DrawContext {
  layout: DiagramLayout;
  t: Translate;
  shown: number;
  cursor: number;
  animate: boolean;
  select?: (eventIndex: number) => void;
  /** Above this y nothing is on screen: a long open call's dashed outline starts here (see WaitingOutline). */
  clipTop: number;
}

/**
 * A y 2,048–4,096 px above the drawn range (itself beyond the screen), in steps of 2,048 px, so an
 * item cut there is drawn again only when the view has moved that far, never while in sight.
 */
const clipTopOf = (viewTop: number): number => Math.floor(viewTop / 2048) * 2048 - 2048;

function Headers({ layout, t, testIds }: { layout: DiagramLayout; t: Translate; testIds: boolean }) {
  const m = layout.metrics;
  const boxBottom = m.headerHeight - m.rowPx;
  return (
    <g className="lanes">
      {layout.hosts.map((header) => (
        <g
          key={header.host}
          className={`host host-${header.hostIndex % 6}`}
          data-testid={testIds ? header.testId : undefined}
          data-host={header.host}
        >
          <title>{t('diagram.host.title', { host: header.host, addr: header.addr })}</title>
          <rect
            className="header-box"
            x={header.x - header.width / 2}
            y={6}
            width={header.width}
            height={boxBottom - 6}
            rx={6}
          />
          <text
            className="host-name bold"
            x={header.x}
            // A host named by its address (a capture's) says it once, centred in its box.
            y={6 + (boxBottom - 6) * (header.addr === header.host ? 0.5 : 0.32)}
            dominantBaseline={header.addr === header.host ? 'central' : undefined}
            textAnchor="middle"
            fontSize={m.headerFontPx}
          >
            {header.host}
          </text>
          {header.addr !== header.host && (
            <text
              className="mono muted"
              x={header.x}
              y={6 + (boxBottom - 6) * 0.74}
              textAnchor="middle"
              fontSize={m.fontPx}
            >
              {header.addr}
            </text>
          )}
          {header.lanes.map((i) => (
            <LaneHeader key={i} layout={layout} lane={layout.lanes[i]!} t={t} testIds={testIds} />
          ))}
        </g>
      ))}
    </g>
  );
}

/** A merged lane's descriptors: "3–6" when they follow each other, else "3, 5". */
function fdRange(fds: readonly number[]): string {
  const sorted = [...fds].sort((a, b) => a - b);
  const consecutive = sorted.every((fd, i) => i === 0 || fd === sorted[i - 1]! + 1);
  return consecutive && sorted.length > 2 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(', ');
}

/** A lane's descriptor under its host's header, and its lifeline. */
function LaneHeader({
  layout,
  lane,
  t,
  testIds,
}: {
  layout: DiagramLayout;
  lane: Lane;
  t: Translate;
  testIds: boolean;
}) {
  const m = layout.metrics;
  const inner = (
    <>
      <text className="mono" x={lane.x} y={m.headerHeight - m.rowPx / 2} textAnchor="middle" fontSize={m.fontPx}>
        {lane.fds !== undefined && lane.endpoint === undefined
          ? t('diagram.fd', { fd: fdRange(lane.fds) })
          : laneLabel(t, lane)}
      </text>
      {testIds && <line className="lifeline" x1={lane.x} x2={lane.x} y1={m.headerHeight} y2={layout.bottom} />}
    </>
  );
  return lane.shared ? (
    <g data-testid={testIds ? lane.testId : undefined} data-fd={lane.fd}>
      <title>{laneTitle(t, lane)}</title>
      {inner}
    </g>
  ) : (
    <g>{inner}</g>
  );
}

function zigzag(x0: number, x1: number, y: number, amplitude: number): string {
  const step = 8;
  let d = `M${x0},${y}`;
  let up = true;
  for (let x = x0 + step; x <= x1; x += step, up = !up) d += ` L${x},${y + (up ? -amplitude : amplitude)}`;
  return d;
}

const Gap = memo(function Gap({ item: gap, c }: { item: GapItem; c: DrawContext }) {
  const x0 = c.layout.metrics.timeColumnPx;
  const x1 = c.layout.width;
  return (
    <g className="gap" data-testid="time-gap">
      <title>{gapTitle(c.t, gap)}</title>
      <rect className="gap-fill" x={x0} y={gap.y0} width={x1 - x0} height={gap.y1 - gap.y0} />
      <path className="gap-line" d={zigzag(x0, x1, gap.y0, 3)} />
      <path className="gap-line" d={zigzag(x0, x1, gap.y1, 3)} />
    </g>
  );
}, sameDrawing);

const Band = memo(function Band({ item: band, c }: { item: BandItem; c: DrawContext }) {
  if (band.state === 'CLOSED') return null;
  const m = c.layout.metrics;
  const ended = band.endIndex >= 0 && band.endIndex < c.shown;
  const y1 = ended ? band.y1 : Math.min(band.y1, Math.max(c.cursor, band.y0 + m.rowPx * 0.5));
  const rect = (
    <rect x={band.x - m.bandPx / 2} y={band.y0} width={m.bandPx} height={Math.max(4, y1 - band.y0)} rx={3} />
  );
  const fresh = c.animate && band.eventIndex === c.shown - 1;
  const props = {
    className: `band state-${band.state}${c.select ? ' clickable' : ''}`,
    'data-testid': 'state-band',
    'data-state': band.state,
    'data-event-index': band.eventIndex,
    onClick: c.select && (() => c.select?.(band.eventIndex)),
  };
  const title = <title>{bandTitle(c.t, c.layout, band)}</title>;
  return fresh ? (
    <motion.g {...props} initial={{ opacity: 0 }} animate={{ opacity: 1 }} transition={{ duration: 0.45 }}>
      {title}
      {rect}
    </motion.g>
  ) : (
    <g {...props}>
      {title}
      {rect}
    </g>
  );
}, sameDrawing);

const Bar = memo(function Bar({ item: bar, c }: { item: BarItem; c: DrawContext }) {
  const m = c.layout.metrics;
  const returned = bar.endIndex >= 0 && bar.endIndex < c.shown;
  const y1 = returned ? bar.y1 : Math.max(bar.y0, c.cursor);
  return (
    <g
      className={`bar${returned ? '' : ' waiting'}${c.select ? ' clickable' : ''}`}
      data-testid="call-bar"
      data-call={bar.call}
      data-event-index={bar.eventIndex}
      onClick={c.select && (() => c.select?.(bar.eventIndex))}
    >
      <title>{barTitle(c.t, c.layout, bar, c.shown)}</title>
      {returned ? (
        <rect x={bar.x - m.barPx / 2} y={bar.y0 - 3} width={m.barPx} height={Math.max(6, y1 - bar.y0 + 6)} rx={2} />
      ) : (
        <WaitingOutline
          x={bar.x - m.barPx / 2}
          y={bar.y0 - 3}
          width={m.barPx}
          height={Math.max(6, y1 - bar.y0 + 6)}
          clipTop={c.clipTop}
        />
      )}
    </g>
  );
}, sameDrawing);

/**
 * A call still waiting is a dashed outline (diagram.css `.bar.waiting rect`) from its call down to
 * the cursor: in a long transfer 200,000 px and more. Skia dashes a rectangle's whole outline for
 * every tile it touches (it culls only straight lines), so such a bar took most of a step's raster
 * time (issue 9). Its part above `clipTop` (off screen) is left out, and the dash offset moves the
 * pattern by what was cut: an SVG rect's outline starts at its top edge and runs clockwise, so the
 * right edge, the bottom and the left edge keep every dash where the whole rectangle had it.
 */
function WaitingOutline(box: { x: number; y: number; width: number; height: number; clipTop: number }) {
  const { x, y, width, height, clipTop } = box;
  const cut = clipTop > y && clipTop < y + height - 6 ? clipTop - y : 0;
  return (
    <rect x={x} y={y + cut} width={width} height={height - cut} rx={2} strokeDashoffset={cut > 0 ? cut : undefined} />
  );
}

const Timer = memo(function Timer({ item: timer, c }: { item: TimerItem; c: DrawContext }) {
  const ended = timer.endIndex >= 0 && timer.endIndex < c.shown;
  const y1 = ended ? timer.y1 : Math.max(timer.y0 + 4, Math.min(timer.y1, c.cursor));
  const tick = 5 * timer.tick;
  const open = !ended;
  const d = `M${timer.x + tick},${timer.y0} H${timer.x} V${y1}${open ? '' : ` H${timer.x + tick}`}`;
  return (
    <g
      className={`timer timer-${timer.timer}${open ? ' pending' : ''}${c.select ? ' clickable' : ''}`}
      data-testid="timer"
      data-timer={timer.timer}
      data-event-index={timer.eventIndex}
      onClick={c.select && (() => c.select?.(timer.eventIndex))}
    >
      <title>{timerTitle(c.t, c.layout, timer, c.shown)}</title>
      <path d={d} />
      {ended && timer.outcome === 'fire' && <circle cx={timer.x} cy={y1} r={4} />}
    </g>
  );
}, sameDrawing);

function arrowHead(x1: number, y1: number, x2: number, y2: number, size: number): string {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const back = (side: number) =>
    `${x2 - size * Math.cos(angle) + side * (size * 0.45) * Math.sin(angle)},${y2 - size * Math.sin(angle) - side * (size * 0.45) * Math.cos(angle)}`;
  return `${x2},${y2} ${back(1)} ${back(-1)}`;
}

const Arrow = memo(function Arrow({ item: arrow, c }: { item: ArrowItem; c: DrawContext }) {
  const ended = arrow.endIndex >= 0 && arrow.endIndex < c.shown;
  const dropped = ended && arrow.fate === 'dropped';
  const x2 = dropped ? arrow.crossX : arrow.x2;
  const y2 = dropped ? arrow.crossY : arrow.y2;
  const classes = [
    'arrow',
    arrow.protocol,
    ended ? arrow.fate : 'in-flight',
    arrow.retransmission ? 'retransmission' : '',
    arrow.duplicate ? 'duplicate' : '',
  ].filter(Boolean);
  const testId = arrow.protocol === 'tcp' ? 'segment' : arrow.protocol === 'udp' ? 'datagram' : 'icmp';
  const fresh = c.animate && arrow.eventIndex === c.shown - 1;
  const d = `M${arrow.x1},${arrow.y1} L${x2},${y2}`;
  // A head still hollow while the packet travels: told apart by shape, not by a fainter colour.
  const head = !dropped && (
    <polygon className={ended ? 'head' : 'head hollow'} points={arrowHead(arrow.x1, arrow.y1, x2, y2, 11)} />
  );
  const cross = dropped && (
    <g className="cross" data-testid="drop">
      <line x1={x2 - 7} y1={y2 - 7} x2={x2 + 7} y2={y2 + 7} />
      <line x1={x2 - 7} y1={y2 + 7} x2={x2 + 7} y2={y2 - 7} />
    </g>
  );
  return (
    <g
      className={classes.join(' ')}
      data-testid={arrow.duplicate ? `${testId}-duplicate` : testId}
      data-flags={arrow.protocol === 'tcp' ? arrow.flags : undefined}
      data-event-index={arrow.eventIndex}
      data-fate={ended ? arrow.fate : 'in-flight'}
      onClick={c.select && (() => c.select?.(arrow.eventIndex))}
    >
      <title>{arrowTitle(c.t, arrow, c.shown)}</title>
      <path className="hit" d={d} />
      {fresh ? (
        <>
          <motion.path
            className="line"
            d={d}
            initial={{ pathLength: 0 }}
            animate={{ pathLength: 1 }}
            transition={{ duration: 0.6, ease: 'easeOut' }}
          />
          <motion.g initial={{ opacity: 0 }} animate={{ opacity: 1 }} transition={{ delay: 0.5, duration: 0.15 }}>
            {head}
          </motion.g>
        </>
      ) : (
        <>
          <path className="line" d={d} />
          {head}
        </>
      )}
      {cross}
    </g>
  );
}, sameDrawing);

function LabelView({
  label,
  className,
  fontPx,
  box,
  testId,
  eventIndex,
}: {
  label: Label;
  className: string;
  fontPx: number;
  box?: string;
  testId?: string;
  eventIndex?: number;
}) {
  return (
    <g className={className} data-testid={testId} data-event-index={eventIndex}>
      <rect className={box ?? 'halo'} x={label.x} y={label.y} width={label.width} height={label.height} rx={4} />
      <text
        className={`${label.font === 'mono' ? 'mono' : ''}${label.bold ? ' bold' : ''}`}
        x={label.tx}
        y={label.ty}
        textAnchor={label.anchor}
        fontSize={fontPx}
      >
        {label.lines === undefined
          ? label.text
          : label.lines.map((line, i) => (
              <tspan key={i} x={label.tx} y={label.ty + i * lineStepPx(fontPx)}>
                {line}
              </tspan>
            ))}
      </text>
    </g>
  );
}

const ItemLabels = memo(function ItemLabels({ item, c }: { item: DiagramItem; c: DrawContext }): ReactNode {
  const m = c.layout.metrics;
  switch (item.type) {
    case 'arrow': {
      if (item.label === undefined) return null;
      const classes = ['arrow-label', item.protocol, item.retransmission ? 'retransmission' : ''].join(' ');
      // Tests find each label by its arrow's event index (segment-label, datagram-label, icmp-label).
      const testId =
        item.protocol === 'tcp' ? 'segment-label' : item.protocol === 'udp' ? 'datagram-label' : 'icmp-label';
      const view = (
        <LabelView
          label={item.label}
          className={classes}
          fontPx={m.monoPx}
          testId={testId}
          eventIndex={item.eventIndex}
        />
      );
      return c.animate && item.eventIndex === c.shown - 1 ? (
        <motion.g initial={{ opacity: 0 }} animate={{ opacity: 1 }} transition={{ delay: 0.25, duration: 0.3 }}>
          {view}
        </motion.g>
      ) : (
        view
      );
    }
    case 'band':
      return (
        <g className={`state-label state-${item.state}`} data-testid="state-label">
          <LabelView label={item.label} className="" fontPx={m.fontPx} box="" />
        </g>
      );
    case 'bar':
      return (
        <>
          {item.label && <LabelView label={item.label} className="call-label" fontPx={m.monoPx} />}
          {item.errnoLabel && item.endIndex >= 0 && item.endIndex < c.shown && (
            <g data-testid="errno">
              <LabelView label={item.errnoLabel} className="errno" fontPx={m.monoPx} />
            </g>
          )}
        </>
      );
    case 'timer':
      if (item.label === undefined) return null;
      return <LabelView label={item.label} className="timer-label" fontPx={m.fontPx} />;
    case 'gap':
      return <LabelView label={item.label} className="gap-label" fontPx={m.fontPx} />;
    case 'note':
      return <LabelView label={item.label} className="note" fontPx={m.fontPx} />;
    case 'tick':
      return <LabelView label={item.label} className="tick" fontPx={m.fontPx} />;
  }
}, sameDrawing);
