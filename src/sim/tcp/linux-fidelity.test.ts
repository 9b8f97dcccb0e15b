// The `linux` profile against the real kernel: segment sequences captured on loopback with
// `npm run --silent cli -- capture <id>` (fixtures/linux-<id>.json, three runs each with identical
// segments) must come out of the simulation of the same lesson, segment for segment.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import type { SegmentEvent } from '../../trace/types';
import { simulate } from '../simulator';

interface FixtureSegment {
  from: string;
  to: string;
  flags: string[];
  len: number;
  /** Relative to the sender's ISN, as Wireshark shows it. */
  seq: number;
  /** Relative to the receiver's ISN; 0 without ACK. */
  ack: number;
  /** Time since the previous segment in each of the three runs, rounded to 0.1 ms. */
  gapMs: number[];
}

interface Fixture {
  scenario: string;
  kernel: string;
  simulate: { latencyMs: number };
  segments: FixtureSegment[];
}

/** Real program steps take 10-600 µs where simulated ones take none, so two segments sent in
 * opposite directions less than this apart may come in either order. */
const CONCURRENT_MS = 1;
/** A stall is a gap of at least this much in the capture: a timer or a program's sleep. */
const STALL_MS = 5;
/** Linux runs timers on a 4 ms tick (HZ 250) and the capture adds scheduling noise: a simulated
 * stall may be this much shorter or longer than the real one (README "Simulator model"). */
const STALL_TOLERANCE_MS = 8;

const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const lessons = ['tcp-echo', 'tcp-half-close', 'nagle', 'nagle-nodelay'];

function loadFixture(id: string): Fixture {
  return JSON.parse(readFileSync(`${fixtureDir}linux-${id}.json`, 'utf8')) as Fixture;
}

type Shape = Omit<FixtureSegment, 'gapMs'> & { tMs: number };

/** The simulated segments with relative numbers, in the fixture's terms. */
function simulatedSegments(id: string, latencyMs: number): Shape[] {
  const scenario = builtinScenarios.find((s) => s.id === id);
  if (!scenario) throw new Error(`no lesson ${id}`);
  const trace = simulate(scenario, { link: { latencyMs } });
  const isn = new Map<string, number>();
  const segments = trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
  const shapes: Shape[] = [];
  for (const seg of segments) {
    const key = `${seg.src}>${seg.dst}`;
    const reverse = `${seg.dst}>${seg.src}`;
    if (!isn.has(key)) isn.set(key, seg.flags.includes('SYN') ? seg.seq : seg.seq - 1);
    const peerIsn = isn.get(reverse);
    const hasAck = seg.flags.includes('ACK') && peerIsn !== undefined;
    shapes.push({
      from: seg.from,
      to: seg.to,
      flags: ['SYN', 'FIN', 'RST', 'PSH', 'ACK'].filter((f) => (seg.flags as string[]).includes(f)),
      len: seg.len,
      seq: (seg.seq - (isn.get(key) ?? 0)) >>> 0,
      ack: hasAck ? (seg.ack - peerIsn) >>> 0 : 0,
      tMs: seg.t / 1000,
    });
  }
  return shapes;
}

function describeSegment(s: Omit<FixtureSegment, 'gapMs'>): string {
  return `${s.from}>${s.to} ${s.flags.join(',')} len=${s.len} seq=${s.seq} ack=${s.ack}`;
}

describe('linux profile against loopback captures (kernel in each fixture)', () => {
  describe.each(lessons)('%s', (id) => {
    const fixture = loadFixture(id);
    const real = fixture.segments;
    const sim = simulatedSegments(id, fixture.simulate.latencyMs);

    it('has the same segments in each direction: flags, lengths, relative seq and ack', () => {
      for (const from of new Set(real.map((s) => s.from))) {
        const want = real.filter((s) => s.from === from).map(describeSegment);
        const got = sim.filter((s) => s.from === from).map(describeSegment);
        expect(got, `segments sent by ${from}`).toEqual(want);
      }
      expect(sim.length).toBe(real.length);
    });

    it('keeps the real order, but for segments crossing within 1 ms', () => {
      // The n-th segment of a direction is the same segment in both lists (checked above).
      const index = (list: { from: string }[], i: number): string => {
        const entry = list[i];
        if (!entry) throw new Error('index out of range');
        return `${entry.from}#${list.slice(0, i).filter((s) => s.from === entry.from).length}`;
      };
      const simPosition = new Map(sim.map((_, i) => [index(sim, i), i]));
      const realTimes: number[] = [];
      real.forEach((s, i) => realTimes.push((realTimes[i - 1] ?? 0) + (s.gapMs[0] ?? 0)));
      const inversions: string[] = [];
      for (let i = 0; i < real.length; i++) {
        for (let j = i + 1; j < real.length; j++) {
          const apart = (realTimes[j] ?? 0) - (realTimes[i] ?? 0);
          if (real[i]?.from === real[j]?.from || apart < CONCURRENT_MS) continue;
          const a = simPosition.get(index(real, i)) ?? -1;
          const b = simPosition.get(index(real, j)) ?? -1;
          if (a > b) inversions.push(`real #${i} before #${j} (${apart.toFixed(1)} ms apart), simulated after`);
        }
      }
      expect(inversions).toEqual([]);
    });

    it(`has each stall of the capture within ${STALL_TOLERANCE_MS} ms, and no other`, () => {
      const problems: string[] = [];
      for (let i = 1; i < real.length; i++) {
        const gaps = real[i]?.gapMs ?? [];
        const realGap = Math.min(...gaps);
        const simGap = (sim[i]?.tMs ?? 0) - (sim[i - 1]?.tMs ?? 0);
        if (Math.max(...gaps) >= STALL_MS) {
          if (simGap < realGap - STALL_TOLERANCE_MS || simGap > Math.max(...gaps) + STALL_TOLERANCE_MS)
            problems.push(`#${i}: real ${gaps.join('/')} ms, simulated ${simGap.toFixed(2)} ms`);
        } else if (simGap >= STALL_MS) problems.push(`#${i}: no stall for real, simulated ${simGap.toFixed(2)} ms`);
      }
      expect(problems).toEqual([]);
    });
  });
});
