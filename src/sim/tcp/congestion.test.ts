// Congestion control: the algorithms alone (RFC 5681, RFC 6582, RFC 9438), then whole bulk
// transfers through the simulator, read back from the Trace as a learner would see them.
import { describe, expect, it } from 'vitest';
import type { FaultRule, Scenario, TcpParams } from '../../scenario/schema';
import type { SegmentEvent, TcbEvent } from '../../trace/types';
import { simulate } from '../index';
import { bulkTransferScenario } from '../test-generators';
import { CongestionControl, INFINITE_SSTHRESH, rfc5681InitialWindow } from './congestion';

describe('CongestionControl', () => {
  const reno = () => new CongestionControl({ algorithm: 'reno', initialWindow: 3, appropriateByteCounting: false });
  const cubic = () => new CongestionControl({ algorithm: 'cubic', initialWindow: 10, appropriateByteCounting: true });

  it('RFC 5681 3.1: the initial window is 2 to 4 segments by MSS', () => {
    expect([rfc5681InitialWindow(536), rfc5681InitialWindow(1460), rfc5681InitialWindow(4000)]).toEqual([4, 3, 2]);
  });

  it('grows in slow start only while the window is used (Linux tcp_is_cwnd_limited)', () => {
    const cc = cubic();
    cc.sendAllowance(1);
    cc.onAck(1, 0, 10_000);
    expect(cc.cwnd).toBe(10); // one segment in flight never doubles a window of ten
    cc.sendAllowance(10);
    cc.cwndLimited = true;
    cc.onAck(10, 0, 10_000);
    expect(cc.cwnd).toBe(20); // ABC: one segment per segment acknowledged
    expect(cc.phase).toBe('slow-start');
  });

  it('grows by one segment per ACK in RFC 5681 slow start, whatever the ACK covers', () => {
    const cc = reno();
    cc.cwndLimited = true;
    cc.onAck(2, 0, 10_000);
    expect(cc.cwnd).toBe(4);
  });

  it('Reno congestion avoidance: one segment per window of ACKed segments', () => {
    const cc = reno();
    cc.cwndLimited = true;
    cc.enterFastRecovery(20);
    cc.exitRecovery(10);
    expect(cc.ssthresh).toBe(10);
    expect(cc.cwnd).toBe(10);
    expect(cc.phase).toBe('congestion-avoidance');
    for (let i = 0; i < 9; i++) cc.onAck(1, 0, 10_000);
    expect(cc.cwnd).toBe(10);
    cc.onAck(1, 0, 10_000);
    expect(cc.cwnd).toBe(11);
  });

  it('fast recovery: ssthresh = max(FlightSize/2, 2), cwnd = ssthresh + 3, inflation, deflation (RFC 5681 3.2, RFC 6582)', () => {
    const cc = reno();
    cc.enterFastRecovery(16);
    expect([cc.ssthresh, cc.cwnd, cc.phase]).toEqual([8, 11, 'fast-recovery']);
    cc.onDuplicateAck();
    expect(cc.cwnd).toBe(12);
    cc.onPartialAck(4);
    expect(cc.cwnd).toBe(9);
    cc.exitRecovery(3);
    expect([cc.cwnd, cc.phase]).toEqual([4, 'slow-start']); // min(ssthresh, FlightSize + 1) < ssthresh
  });

  it('a timeout restarts from one segment, ssthresh set once per loss (RFC 5681 3.1)', () => {
    const cc = reno();
    cc.onRetransmissionTimeout(12, true);
    expect([cc.cwnd, cc.ssthresh, cc.phase]).toEqual([1, 6, 'loss-recovery']);
    cc.onRetransmissionTimeout(12, false);
    expect(cc.ssthresh).toBe(6);
  });

  it('CUBIC keeps 70 % after a loss and climbs back to W_max in about K seconds (RFC 9438 4.2, 4.6)', () => {
    const cc = cubic();
    cc.cwnd = 100;
    cc.ssthresh = 100;
    cc.enterFastRecovery(100);
    expect(cc.ssthresh).toBe(70);
    cc.exitRecovery(70);
    cc.cwndLimited = true;
    // K = cbrt(W_max (1 - beta) / C) = cbrt(100 * 0.3 / 0.4) = 4.2 s; ACK 70 segments every 100 ms.
    const rttUs = 100_000;
    const at = (seconds: number): number => {
      for (let t = 0; t <= seconds * 1e6; t += rttUs) cc.onAck(cc.cwnd, t, rttUs);
      return cc.cwnd;
    };
    const early = at(1);
    expect(early).toBeGreaterThan(70);
    expect(early).toBeLessThan(95); // concave: fast at first, then flat near W_max
    const plateau = at(4.2);
    expect(plateau).toBeGreaterThanOrEqual(98);
    expect(plateau).toBeLessThanOrEqual(103);
  });

  it('CUBIC fast convergence: a second loss below W_max remembers less (RFC 9438 4.7)', () => {
    const cc = cubic();
    cc.cwnd = 100;
    cc.enterFastRecovery(100);
    cc.exitRecovery(70);
    cc.enterFastRecovery(70); // cwnd 70 < W_max 100
    expect(cc.ssthresh).toBe(49);
    expect(cc.ssthresh).not.toBe(INFINITE_SSTHRESH);
  });
});

/** A client that sends `bytes` at once to a server that reads everything. */
function bulkScenario(bytes: number, tcp: TcpParams = {}, faults: FaultRule[] = []): Scenario {
  return bulkTransferScenario(bytes, {
    id: 'bulk-test',
    title: { en: 'bulk', fr: 'bulk' },
    summary: { en: 'bulk', fr: 'bulk' },
    concepts: ['congestion'],
    link: { latencyMs: 5 },
    tcp: { rcvBufBytes: 1_048_576, sndBufBytes: 1_048_576, ...tcp },
    faults,
    serverRead: { op: 'recvexact', socket: 'conn', bytes, chunk: 65_536 },
  });
}

const dataFrom = (segments: SegmentEvent[], host: string) => segments.filter((s) => s.from === host && s.len > 0);

/** Data segments the client sends per round trip: a flight ends at a silence of 4 ms or more
 * (the link's 5 ms latency; within a flight the segments leave back to back). */
function flights(events: SegmentEvent[]): number[] {
  const counts: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  let current = 0;
  for (const seg of events) {
    if (seg.from !== 'client' || seg.len === 0) continue;
    if (seg.t - previous > 4_000 && current > 0) {
      counts.push(current);
      current = 0;
    }
    current++;
    previous = seg.t;
  }
  if (current > 0) counts.push(current);
  return counts;
}

describe('bulk transfer under congestion control', () => {
  it('linux: starts with 10 segments (RFC 6928) and doubles each round trip in slow start', () => {
    const trace = simulate(bulkScenario(200_000));
    const segments = trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
    const perRound = flights(segments);
    expect(perRound.slice(0, 3)).toEqual([10, 20, 40]);
  });

  it('linux: with the default 64 KiB buffers, no segment before the last is smaller than the MSS (SWS avoidance)', () => {
    const scenario = bulkScenario(200_000, { rcvBufBytes: 65_536, sndBufBytes: 65_536 });
    const sizes = dataFrom(
      simulate(scenario).events.filter((e): e is SegmentEvent => e.kind === 'segment'),
      'client',
    ).map((s) => s.len);
    expect(sizes.length).toBeGreaterThan(100);
    expect(new Set(sizes.slice(0, -1))).toEqual(new Set([1448]));
  });

  it('rfc: starts with RFC 5681 3.1 initial window of 3 segments', () => {
    const scenario = { ...bulkScenario(60_000), profile: 'rfc' as const };
    const segments = simulate(scenario).events.filter((e): e is SegmentEvent => e.kind === 'segment');
    expect(flights(segments)[0]).toBe(3);
  });

  it('records cwnd, ssthresh, the phase and SRTT in the TCB events', () => {
    const trace = simulate(bulkScenario(200_000));
    const client = trace.events.filter((e): e is TcbEvent => e.kind === 'tcb' && e.host === 'client');
    expect(client[0]?.cwnd).toBe(10);
    expect(client[0]?.ccPhase).toBe('slow-start');
    expect(client[0]?.ssthresh).toBeUndefined();
    const withRtt = client.find((e) => e.srttUs !== undefined);
    expect(withRtt?.srttUs).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...client.map((e) => e.cwnd ?? 0))).toBeGreaterThan(40);
  });

  it('a lost segment: three duplicate ACKs, fast retransmit, fast recovery, then congestion avoidance', () => {
    const drop: FaultRule = { type: 'drop', from: 'client', to: 'server', nth: 30, hasData: true };
    const trace = simulate(bulkScenario(300_000, {}, [drop]));
    const segments = trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
    const retransmitted = dataFrom(segments, 'client').filter((s) => s.retransmission);
    expect(retransmitted).toHaveLength(1);
    const client = trace.events.filter((e): e is TcbEvent => e.kind === 'tcb' && e.host === 'client');
    const phases = client.map((e) => e.ccPhase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['slow-start', 'fast-recovery', 'congestion-avoidance']);
    const recovery = client.find((e) => e.ccPhase === 'fast-recovery');
    const before = client[client.indexOf(recovery as TcbEvent) - 1];
    // CUBIC: ssthresh = 0.7 cwnd (RFC 9438 4.6), cwnd = ssthresh + 3 (RFC 5681 3.2)
    expect(recovery?.ssthresh).toBe(Math.floor((before?.cwnd ?? 0) * 0.7));
    expect(recovery?.cwnd).toBe((recovery?.ssthresh ?? 0) + 3);
  });

  it('a retransmission timeout sets cwnd to one segment', () => {
    // Drop the last two data segments: no duplicate ACKs can follow, only the RTO repairs it.
    const scenario = bulkScenario(20 * 1460);
    const drop: FaultRule = { type: 'drop', from: 'client', to: 'server', nth: [19, 20], hasData: true };
    const trace = simulate({ ...scenario, faults: [drop] });
    const client = trace.events.filter((e): e is TcbEvent => e.kind === 'tcb' && e.host === 'client');
    const loss = client.find((e) => e.ccPhase === 'loss-recovery');
    expect(loss?.cwnd).toBe(1);
  });

  it('never has more than cwnd segments outstanding (no loss, so the window only grows)', () => {
    const trace = simulate(bulkScenario(500_000));
    const sent: number[] = [];
    const tooMany: string[] = [];
    for (const e of trace.events) {
      if (e.kind === 'segment' && e.from === 'client' && e.len > 0) sent.push(e.seq);
      if (e.kind !== 'tcb' || e.host !== 'client' || e.cwnd === undefined) continue;
      const { sndUna, sndNxt, cwnd } = e;
      const outstanding = sent.filter((seq) => (seq - sndUna) >>> 0 < (sndNxt - sndUna) >>> 0).length;
      if (outstanding > cwnd) tooMany.push(`t=${e.t}: ${outstanding} > cwnd ${cwnd}`);
    }
    expect(tooMany).toEqual([]);
  });
});
