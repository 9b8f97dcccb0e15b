// The reduced form in which the fidelity suite compares a simulated run with a recorded real
// one (src/sim/tcp/linux-fidelity.test.ts, scripts/record-linux-fixtures.ts): per segment, what a
// learner reads in Wireshark, without the per-run values (ISNs, timestamps, ports).
import type { SegmentEvent } from '../../trace/types';

export interface FixtureOptions {
  mss?: number;
  wscale?: number;
  sackOk?: true;
  /** Timestamps present (their values are per run). */
  ts?: true;
  /** SACK blocks carried. */
  sackBlocks?: number;
}

export interface FixtureSegment {
  from: string;
  to: string;
  /** SYN, FIN, RST, PSH, ACK in that order. */
  flags: string[];
  len: number;
  /** Relative to the sender's ISN, as Wireshark shows it. */
  seq: number;
  /** Relative to the receiver's ISN; 0 without ACK. */
  ack: number;
  /** The window offered, in bytes (scaled by the sender's shift once both SYNs agreed on one). */
  window: number;
  options: FixtureOptions;
  /** Time since the previous segment, ms to 0.1 (one entry per recorded run). */
  gapMs: number[];
}

export interface FidelityFixture {
  scenario: string;
  kernel: string;
  config: Record<string, string>;
  capture: string;
  /** How to simulate the lesson so it faces what loopback offers. */
  simulate: { latencyMs: number; mss: number; mtuBytes: number };
  segments: FixtureSegment[];
}

const FLAG_ORDER = ['SYN', 'FIN', 'RST', 'PSH', 'ACK'];

function reducedOptions(options: Record<string, unknown>): FixtureOptions {
  const out: FixtureOptions = {};
  if (typeof options.mss === 'number') out.mss = options.mss;
  if (typeof options.wscale === 'number') out.wscale = options.wscale;
  if (options.sackOk === true) out.sackOk = true;
  if (typeof options.tsval === 'number') out.ts = true;
  if (Array.isArray(options.sack)) out.sackBlocks = options.sack.length;
  return out;
}

/** Reduces one connection's (or one run's) segments; directions are keyed by address:port. */
export function fixtureSegments(segments: readonly SegmentEvent[]): FixtureSegment[] {
  const isn = new Map<string, number>();
  const synScale = new Map<string, number | undefined>();
  let previousT: number | null = null;
  return segments.map((seg) => {
    const key = `${seg.src}>${seg.dst}`;
    const reverse = `${seg.dst}>${seg.src}`;
    const syn = seg.flags.includes('SYN');
    if (syn || !isn.has(key)) {
      isn.set(key, syn ? seg.seq : (seg.seq - 1) >>> 0);
      if (syn) synScale.set(key, typeof seg.options.wscale === 'number' ? seg.options.wscale : undefined);
    }
    const peerIsn = isn.get(reverse);
    const hasAck = seg.flags.includes('ACK') && peerIsn !== undefined;
    const ours = synScale.get(key);
    const scaled = !syn && ours !== undefined && synScale.get(reverse) !== undefined;
    // A Trace that already stores the scaled window says so with windowShift (RFC 7323 2.3).
    const window = seg.windowShift !== undefined || !scaled ? seg.window : seg.window * 2 ** (ours ?? 0);
    const gap = previousT === null ? 0 : Math.round((seg.t - previousT) / 100) / 10;
    previousT = seg.t;
    return {
      from: seg.from,
      to: seg.to,
      flags: FLAG_ORDER.filter((f) => (seg.flags as string[]).includes(f)),
      len: seg.len,
      seq: (seg.seq - (isn.get(key) ?? 0)) >>> 0,
      ack: hasAck ? (seg.ack - (peerIsn ?? 0)) >>> 0 : 0,
      window,
      options: reducedOptions(seg.options),
      gapMs: [gap],
    };
  });
}

/** Real program steps take 10-600 µs where simulated ones take none, so two segments sent in
 * opposite directions less than this apart may come in either order. */
const CONCURRENT_MS = 1;
/** A stall is a gap of at least this much in the capture: a timer or a program's sleep. */
const STALL_MS = 5;
/** Linux runs timers on a 4 ms tick (HZ 250) and the capture adds scheduling noise: a simulated
 * stall may be this much shorter or longer than the real one (README "Simulator model"). */
const STALL_TOLERANCE_MS = 8;

function describeSegment(s: FixtureSegment): string {
  const o = s.options;
  const options = [
    o.mss === undefined ? '' : `mss ${o.mss}`,
    o.sackOk ? 'sackOK' : '',
    o.ts ? 'TS' : '',
    o.wscale === undefined ? '' : `wscale ${o.wscale}`,
    o.sackBlocks ? `sack ${o.sackBlocks}` : '',
  ].filter(Boolean);
  return `${s.flags.join(',')} seq=${s.seq} ack=${s.ack} win=${s.window} len=${s.len} <${options.join(',')}>`;
}

/** Longest common subsequence alignment of two lists of descriptions. */
function align(a: string[], b: string[]): { onlyA: number[]; onlyB: number[] } {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (table[i] as number[])[j] =
        a[i] === b[j]
          ? ((table[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((table[i + 1] as number[])[j] as number, (table[i] as number[])[j + 1] as number);
  const onlyA: number[] = [];
  const onlyB: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (
      j >= m ||
      (i < n && ((table[i + 1] as number[])[j] as number) >= ((table[i] as number[])[j + 1] as number))
    )
      onlyA.push(i++);
    else onlyB.push(j++);
  }
  return { onlyA, onlyB };
}

/** Differences in the segments each side sends, in words a reviewer can list. */
function segmentDifferences(real: FixtureSegment[], sim: FixtureSegment[]): string[] {
  const out: string[] = [];
  for (const from of new Set([...real, ...sim].map((s) => s.from))) {
    const want = real.filter((s) => s.from === from).map(describeSegment);
    const got = sim.filter((s) => s.from === from).map(describeSegment);
    const { onlyA, onlyB } = align(want, got);
    for (const i of onlyA) out.push(`${from} sends for real, not simulated: #${i} ${want[i]}`);
    for (const j of onlyB) out.push(`${from} sends simulated, not for real: #${j} ${got[j]}`);
  }
  return out;
}

/** The n-th segment of a direction is the same segment in both lists when the lists agree. */
function orderDifferences(real: FixtureSegment[], sim: FixtureSegment[]): string[] {
  const index = (list: FixtureSegment[], i: number): string => {
    const entry = list[i] as FixtureSegment;
    return `${entry.from}#${list.slice(0, i).filter((s) => s.from === entry.from).length}`;
  };
  const simPosition = new Map(sim.map((_, i) => [index(sim, i), i]));
  const realTimes: number[] = [];
  real.forEach((s, i) => realTimes.push((realTimes[i - 1] ?? 0) + (s.gapMs[0] ?? 0)));
  const out: string[] = [];
  for (let i = 0; i < real.length; i++) {
    for (let j = i + 1; j < real.length; j++) {
      const apart = (realTimes[j] ?? 0) - (realTimes[i] ?? 0);
      if (real[i]?.from === real[j]?.from || apart < CONCURRENT_MS) continue;
      const a = simPosition.get(index(real, i));
      const b = simPosition.get(index(real, j));
      if (a !== undefined && b !== undefined && a > b) out.push(`order: real #${i} before #${j}, simulated after`);
    }
  }
  return out;
}

function stallDifferences(real: FixtureSegment[], sim: FixtureSegment[]): string[] {
  const out: string[] = [];
  const simTimes: number[] = [];
  sim.forEach((s, i) => simTimes.push((simTimes[i - 1] ?? 0) + (s.gapMs[0] ?? 0)));
  for (let i = 1; i < Math.min(real.length, sim.length); i++) {
    const gaps = real[i]?.gapMs ?? [];
    const simGap = (simTimes[i] ?? 0) - (simTimes[i - 1] ?? 0);
    if (Math.max(...gaps) >= STALL_MS) {
      if (simGap < Math.min(...gaps) - STALL_TOLERANCE_MS || simGap > Math.max(...gaps) + STALL_TOLERANCE_MS)
        out.push(`stall before #${i}: real ${gaps.join('/')} ms, simulated ${simGap.toFixed(1)} ms`);
    } else if (simGap >= STALL_MS) out.push(`stall before #${i}: none for real, simulated ${simGap.toFixed(1)} ms`);
  }
  return out;
}

/** Every difference between a recorded real run and a simulated one, in listable words. Order
 * and stalls only mean something once the segments agree. */
export function fixtureDifferences(real: FixtureSegment[], sim: FixtureSegment[]): string[] {
  const found = segmentDifferences(real, sim);
  return found.length > 0 ? found : [...orderDifferences(real, sim), ...stallDifferences(real, sim)];
}
