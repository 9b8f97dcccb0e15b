// Differences between two traces of the same scenario (typically simulated vs real kernel).
// Pure: no I/O. Only the packets that carry the story are compared — TCP segments with SYN, FIN,
// RST or data, UDP datagrams and ICMP errors — per direction (sender -> receiver host), aligned
// by a longest common subsequence on their kind (SYN/FIN/RST/data), so that one extra or missing
// segment does not shift every later pair. Pure ACKs are left out on purpose: when a kernel
// acknowledges (delayed ACK, ACK merged into the FIN: Linux's 3-segment teardown) is timing,
// and it is reported as timing, not as a different story.
import type { LocalizedText, Trace } from './types';
import type { TcpFlag } from '../tcp';

export interface DiffPacket {
  id: number;
  /** Where the packet is sent in its trace's `events`. */
  event: number;
  kind: 'segment' | 'datagram' | 'icmp';
  /** Trace time, and time from the trace's first compared packet (µs). */
  t: number;
  rel: number;
  from: string;
  to: string;
  flags: TcpFlag[];
  len: number;
  retransmission?: boolean;
}

export type Direction = string; // "client→server"

export interface PacketDifference {
  type: 'only-in-a' | 'only-in-b' | 'flags' | 'length';
  direction: Direction;
  a?: DiffPacket;
  b?: DiffPacket;
  explain: LocalizedText;
}

export interface TimingDifference {
  type: 'gap' | 'delayed-ack';
  direction: Direction;
  a?: DiffPacket;
  b?: DiffPacket;
  /** The gap (a's interval minus b's) or the ACK delay, in milliseconds. */
  deltaMs: number;
  explain: LocalizedText;
}

/** A socket call that ended differently (an errno in one trace, another errno or success in the other). */
export interface CallDifference {
  host: string;
  call: string;
  step?: string;
  a: string;
  b: string;
  /** The return event in each trace (an index into its `events`). */
  aEvent: number;
  bEvent: number;
  explain: LocalizedText;
}

export interface TraceDiff {
  a: { source: Trace['source']; packets: number };
  b: { source: Trace['source']; packets: number };
  /** Same SYN/FIN/RST/data sequence (and datagrams, ICMP errors) in every direction. */
  match: boolean;
  aligned: number;
  differences: PacketDifference[];
  timing: TimingDifference[];
  /** Not part of `match`: the packets may agree while a call's outcome differs. */
  calls: CallDifference[];
}

export interface DiffOptions {
  /** A difference of intervals larger than this is a timing difference (default 5 ms). */
  gapMs?: number;
  /** An ACK sent this long or more after the data it acknowledges is a delayed ACK (default 30 ms). */
  delayedAckMs?: number;
}

interface Segmentish {
  packet: DiffPacket;
  seq: number;
  ack: number;
  src: string;
  dst: string;
}

const controlFlags: readonly TcpFlag[] = ['SYN', 'FIN', 'RST'];
/** Flags whose difference is reported; PSH is left out (kernels set it at will). */
const comparedFlags: readonly TcpFlag[] = ['SYN', 'ACK', 'FIN', 'RST'];

export function diffTraces(a: Trace, b: Trace, options: DiffOptions = {}): TraceDiff {
  const gapUs = (options.gapMs ?? 5) * 1000;
  const delayedAckUs = (options.delayedAckMs ?? 30) * 1000;
  const packetsA = significant(a);
  const packetsB = significant(b);
  const directions = [...new Set([...packetsA, ...packetsB].map(direction))];
  const differences: PacketDifference[] = [];
  const timing: TimingDifference[] = [];
  const pairs: [DiffPacket, DiffPacket][] = [];

  for (const dir of directions) {
    const listA = packetsA.filter((p) => direction(p) === dir);
    const listB = packetsB.filter((p) => direction(p) === dir);
    for (const [pa, pb] of align(listA, listB)) {
      if (pa !== undefined && pb !== undefined) {
        pairs.push([pa, pb]);
        const flagsA = shownFlags(pa);
        const flagsB = shownFlags(pb);
        if (flagsA !== flagsB) {
          differences.push({ type: 'flags', direction: dir, a: pa, b: pb, explain: explainFlags(pa, pb) });
        } else if (pa.len !== pb.len) {
          differences.push({ type: 'length', direction: dir, a: pa, b: pb, explain: explainLength(pa, pb) });
        }
      } else if (pa !== undefined) {
        differences.push({ type: 'only-in-a', direction: dir, a: pa, explain: explainOnlyOne(pa, a.source, b.source) });
      } else if (pb !== undefined) {
        differences.push({ type: 'only-in-b', direction: dir, b: pb, explain: explainOnlyOne(pb, b.source, a.source) });
      }
    }
  }

  // Gaps: the interval from the previous aligned pair (in time order) differs by more than gapMs.
  pairs.sort((x, y) => x[0].rel - y[0].rel || x[1].rel - y[1].rel);
  for (let i = 1; i < pairs.length; i++) {
    const [pa, pb] = pairs[i] as [DiffPacket, DiffPacket];
    const [qa, qb] = pairs[i - 1] as [DiffPacket, DiffPacket];
    const delta = pa.rel - qa.rel - (pb.rel - qb.rel);
    if (Math.abs(delta) > gapUs) {
      timing.push({
        type: 'gap',
        direction: direction(pa),
        a: pa,
        b: pb,
        deltaMs: round(delta / 1000),
        explain: explainGap(delta, a.source, b.source),
      });
    }
  }

  // Delayed ACKs: one trace acknowledges a data segment late, the other does not.
  const delayedA = delayedAcks(a, delayedAckUs);
  const delayedB = delayedAcks(b, delayedAckUs);
  for (const [pa, pb] of pairs) {
    if (pa.kind !== 'segment' || pa.len === 0) continue;
    const da = delayedA.get(pa.id);
    const db = delayedB.get(pb.id);
    if ((da === undefined) === (db === undefined)) continue;
    const delay = da ?? db ?? 0;
    const where = da !== undefined ? a.source : b.source;
    const other = da !== undefined ? b.source : a.source;
    timing.push({
      type: 'delayed-ack',
      direction: `${pa.to}→${pa.from}`,
      a: pa,
      b: pb,
      deltaMs: round(delay / 1000),
      explain: {
        en: `In the ${where} trace the data from ${pa.from} is acknowledged ${round(delay / 1000)} ms later (a delayed ACK, RFC 9293 3.8.6.3: Linux waits up to 40 ms for data to piggyback on); the ${other} trace acknowledges it at once.`,
        fr: `Dans la trace ${where}, les données de ${pa.from} sont acquittées ${round(delay / 1000)} ms plus tard (ACK retardé, RFC 9293 3.8.6.3 : Linux attend jusqu’à 40 ms des données à joindre) ; la trace ${other} les acquitte tout de suite.`,
      },
    });
  }

  return {
    a: { source: a.source, packets: packetsA.length },
    b: { source: b.source, packets: packetsB.length },
    match: differences.length === 0,
    aligned: pairs.length,
    differences,
    timing,
    calls: diffCalls(a, b),
  };
}

/** One row of the alignment diffTraces compares: a packet of a, of b, or of both, in one direction. */
export interface AlignedRow {
  direction: Direction;
  a?: DiffPacket;
  b?: DiffPacket;
}

/** The significant packets of a and b, paired per direction exactly as diffTraces pairs them (for viewers that step both). */
export function alignTraces(a: Trace, b: Trace): AlignedRow[] {
  const packetsA = significant(a);
  const packetsB = significant(b);
  const directions = [...new Set([...packetsA, ...packetsB].map(direction))];
  return directions.flatMap((dir) =>
    align(
      packetsA.filter((p) => direction(p) === dir),
      packetsB.filter((p) => direction(p) === dir),
    ).map(([pa, pb]) => {
      const row: AlignedRow = { direction: dir };
      if (pa !== undefined) row.a = pa;
      if (pb !== undefined) row.b = pb;
      return row;
    }),
  );
}

/** Per host, the returns aligned by (call, step) in order; outcomes compared as errno or "ok". */
function diffCalls(a: Trace, b: Trace): CallDifference[] {
  const returns = (trace: Trace, host: string): DiffPacket[] =>
    trace.events.flatMap((e, i) =>
      e.kind === 'return' && e.host === host
        ? [
            {
              id: i,
              event: i,
              kind: 'segment' as const,
              t: e.t,
              rel: 0,
              from: `${e.call}@${e.step ?? ''}`,
              to: e.errno ?? 'ok',
              flags: [],
              len: 0,
            },
          ]
        : [],
    );
  const out: CallDifference[] = [];
  const hosts = [...new Set([...a.hosts, ...b.hosts].map((h) => h.name))];
  for (const host of hosts) {
    for (const [ra, rb] of align(returns(a, host), returns(b, host), (p) => p.from)) {
      if (ra === undefined || rb === undefined || ra.to === rb.to) continue;
      const [call = '', step] = ra.from.split('@');
      const difference: CallDifference = {
        host,
        call,
        a: ra.to,
        b: rb.to,
        aEvent: ra.event,
        bEvent: rb.event,
        explain: {
          en: `${host} ${call}() returned ${ra.to} in the ${a.source} trace and ${rb.to} in the ${b.source} trace.`,
          fr: `${host} ${call}() a renvoyé ${ra.to} dans la trace ${a.source} et ${rb.to} dans la trace ${b.source}.`,
        },
      };
      if (step !== undefined && step !== '') difference.step = step;
      out.push(difference);
    }
  }
  return out;
}

function direction(p: DiffPacket): Direction {
  return `${p.from}→${p.to}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Segments with SYN, FIN, RST or data, datagrams and ICMP errors, in trace order. */
export function significant(trace: Trace): DiffPacket[] {
  return collect(trace)
    .map((s) => s.packet)
    .filter((p) => p.kind !== 'segment' || p.len > 0 || p.flags.some((f) => controlFlags.includes(f)));
}

function collect(trace: Trace): Segmentish[] {
  const out: Segmentish[] = [];
  let first: number | undefined;
  for (const [event, e] of trace.events.entries()) {
    if (e.kind !== 'segment' && e.kind !== 'datagram' && e.kind !== 'icmp') continue;
    first ??= e.t;
    const packet: DiffPacket = {
      id: e.id,
      event,
      kind: e.kind,
      t: e.t,
      rel: e.t - first,
      from: e.from,
      to: e.to,
      flags: e.kind === 'segment' ? e.flags : [],
      len: e.kind === 'icmp' ? 0 : e.len,
    };
    if (e.kind === 'segment' && e.retransmission === true) packet.retransmission = true;
    out.push({
      packet,
      seq: e.kind === 'segment' ? e.seq : 0,
      ack: e.kind === 'segment' ? e.ack : 0,
      src: e.kind === 'icmp' ? '' : e.src,
      dst: e.kind === 'icmp' ? '' : e.dst,
    });
  }
  // Compared packets count time from the first of them (the first SYN or datagram).
  const start = out.find(
    (s) => s.packet.kind !== 'segment' || s.packet.len > 0 || s.packet.flags.some((f) => controlFlags.includes(f)),
  );
  if (start !== undefined) {
    const base = start.packet.t;
    for (const s of out) s.packet.rel = s.packet.t - base;
  }
  return out;
}

/** What must be equal for two packets to be aligned: kind, control flags, data or not. */
function alignKey(p: DiffPacket): string {
  const control = controlFlags.filter((f) => p.flags.includes(f)).join(',');
  return `${p.kind}:${control}:${p.kind === 'icmp' ? '' : p.len > 0 ? 'data' : 'empty'}`;
}

function shownFlags(p: DiffPacket): string {
  return comparedFlags.filter((f) => p.flags.includes(f)).join(',');
}

/** Longest common subsequence on alignKey; unmatched packets pair with undefined, in order. */
function align(
  a: readonly DiffPacket[],
  b: readonly DiffPacket[],
  key: (p: DiffPacket) => string = alignKey,
): [DiffPacket | undefined, DiffPacket | undefined][] {
  const n = a.length;
  const m = b.length;
  const keysA = a.map(key);
  const keysB = b.map(key);
  // lengths[i][j]: LCS of a[i..] and b[j..]; flat array, (n+1)*(m+1) numbers (lessons are small).
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => lengths[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = keysA[i] === keysB[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: [DiffPacket | undefined, DiffPacket | undefined][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && keysA[i] === keysB[j]) out.push([a[i++], b[j++]]);
    else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) out.push([a[i++], undefined]);
    else out.push([undefined, b[j++]]);
  }
  return out;
}

/** Data segment id -> how long until the receiver's first segment acknowledging all of it, when slow. */
function delayedAcks(trace: Trace, thresholdUs: number): Map<number, number> {
  const segments = collect(trace).filter((s) => s.packet.kind === 'segment');
  const delayed = new Map<number, number>();
  segments.forEach((data, i) => {
    if (data.packet.len === 0) return;
    const end = (data.seq + data.packet.len) >>> 0;
    for (let j = i + 1; j < segments.length; j++) {
      const reply = segments[j] as Segmentish;
      if (reply.src !== data.dst || reply.dst !== data.src || !reply.packet.flags.includes('ACK')) continue;
      if (((reply.ack - end) | 0) < 0) continue; // acknowledges less than this segment
      const delay = reply.packet.t - data.packet.t;
      const pureAck = reply.packet.len === 0 && !reply.packet.flags.some((f) => controlFlags.includes(f));
      if (pureAck && delay >= thresholdUs) delayed.set(data.packet.id, delay);
      return;
    }
  });
  return delayed;
}

// ---- explanations ------------------------------------------------------------------------------

function describe(p: DiffPacket): string {
  if (p.kind === 'datagram') return `datagram of ${p.len} bytes`;
  if (p.kind === 'icmp') return 'ICMP error';
  return `${p.flags.join(',')} len=${p.len}`;
}

function explainFlags(a: DiffPacket, b: DiffPacket): LocalizedText {
  const rst = a.flags.includes('RST') !== b.flags.includes('RST') ? 'RST' : undefined;
  if (rst === undefined && a.flags.includes('ACK') !== b.flags.includes('ACK')) {
    return {
      en: `${describe(a)} vs ${describe(b)}: only the ACK flag differs (a RST answering a SYN carries ACK; one aborting a connection may not).`,
      fr: `${describe(a)} contre ${describe(b)} : seul le drapeau ACK diffère (un RST qui répond à un SYN porte ACK ; celui qui interrompt une connexion peut ne pas le porter).`,
    };
  }
  return {
    en: `${describe(a)} vs ${describe(b)}: the two kernels did not send the same kind of segment here.`,
    fr: `${describe(a)} contre ${describe(b)} : les deux noyaux n’ont pas envoyé la même sorte de segment ici.`,
  };
}

function explainLength(a: DiffPacket, b: DiffPacket): LocalizedText {
  return {
    en: `${a.len} bytes vs ${b.len} bytes in one segment: the data was cut differently — the MSS (1460 on the simulated 10.0.0.x link, 65483 on loopback), Nagle's algorithm (RFC 896) holding small writes back, or several send() calls merged into one segment.`,
    fr: `${a.len} octets contre ${b.len} octets dans un segment : les données ont été découpées autrement — le MSS (1460 sur le lien 10.0.0.x simulé, 65483 sur l’interface de bouclage), l’algorithme de Nagle (RFC 896) qui retient les petites écritures, ou plusieurs send() réunis dans un segment.`,
  };
}

function explainOnlyOne(p: DiffPacket, inTrace: string, notIn: string): LocalizedText {
  if (p.retransmission === true) {
    return {
      en: `${describe(p)} is a retransmission in the ${inTrace} trace: a packet was lost there (a fault rule), and loopback loses nothing.`,
      fr: `${describe(p)} est une retransmission dans la trace ${inTrace} : un paquet y a été perdu (règle de panne), et l’interface de bouclage ne perd rien.`,
    };
  }
  if (p.flags.includes('RST')) {
    return {
      en: `${describe(p)} only in the ${inTrace} trace: one kernel aborted the connection and the other did not (close() with unread data, SO_LINGER 0, or a segment reaching a socket already gone).`,
      fr: `${describe(p)} seulement dans la trace ${inTrace} : un noyau a interrompu la connexion et l’autre non (close() avec des données non lues, SO_LINGER 0, ou un segment arrivé sur une socket déjà fermée).`,
    };
  }
  if (p.len > 0) {
    return {
      en: `${describe(p)} only in the ${inTrace} trace: the bytes were grouped into segments differently (in the ${notIn} trace they travel in a neighbouring segment): Nagle, the MSS or merged send() calls.`,
      fr: `${describe(p)} seulement dans la trace ${inTrace} : les octets ont été regroupés autrement (dans la trace ${notIn}, ils voyagent dans un segment voisin) : Nagle, le MSS ou des send() réunis.`,
    };
  }
  return {
    en: `${describe(p)} only in the ${inTrace} trace.`,
    fr: `${describe(p)} seulement dans la trace ${inTrace}.`,
  };
}

function explainGap(deltaUs: number, a: string, b: string): LocalizedText {
  const slower = deltaUs > 0 ? a : b;
  const ms = round(Math.abs(deltaUs) / 1000);
  return {
    en: `This packet comes ${ms} ms later after the previous one in the ${slower} trace: the simulated link's latency (loopback takes microseconds), a delayed ACK (40 ms on Linux) or Nagle's algorithm waiting for it, a timeout waiting for a packet lost in one trace only, or the real programs' own scheduling.`,
    fr: `Ce paquet arrive ${ms} ms plus tard après le précédent dans la trace ${slower} : la latence du lien simulé (l’interface de bouclage prend des microsecondes), un ACK retardé (40 ms sous Linux) ou l’algorithme de Nagle qui l’attend, un délai d’attente d’un paquet perdu dans une seule trace, ou l’ordonnancement des vrais programmes.`,
  };
}
