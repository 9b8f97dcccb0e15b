// The kernel's TCB of a real run as Trace `tcb` events (README "Bridge"): every tcp:tcp_probe
// record of the run's own sockets (exact 4-tuples the runner named, as for states) becomes a
// snapshot with the simulator's field names, plus cwnd, ssthresh, srttUs and ccPhase.
//
// What the kernel gives, and how it is shown:
// - tcp_probe fires in tcp_rcv_established(), which tcp_v4_do_rcv() calls only for a socket in
//   TCP_ESTABLISHED: a snapshot's state is ESTABLISHED, and its values are those the socket held
//   as the segment arrived, before the kernel processed it (the segment's ACK shows in the next).
// - SND.UNA, SND.NXT (absolute, like the simulator's), SND.WND and RCV.WND (bytes), cwnd and
//   ssthresh (segments, as Linux counts them) and SRTT come from the probe. ssthresh is the
//   kernel's tcp_current_ssthresh(); its initial TCP_INFINITE_SSTHRESH is left out, as the Trace says.
// - ISS and IRS are the sequence numbers of the connection's SYNs in the capture (RFC 9293 3.4:
//   the SYN carries the ISN). The probe reports no RCV.NXT, queue lengths or RTO: they are absent.
// - ccPhase: Recovery and Loss from tcp:tcp_cong_state_set (Linux's tcp_ca_state); otherwise, for
//   Reno and CUBIC only, slow start while cwnd < ssthresh (tcp_in_slow_start(), RFC 5681 3.1), else
//   congestion avoidance. Under BBR (this machine's default) the open phase is left out.
// Volume: a snapshot only when one of its values changed, at most maxTcbEvents per run, with a note.
import type {
  CongestionPhase,
  LocalizedText,
  NoteEvent,
  SegmentEvent,
  TcbEvent,
  TraceEvent,
} from '../../src/trace/types';
import { realtimeUs, type TraceClock, type TracepointRecord } from '../capture/tracepoints';
import type { SocketDirectory } from './merge';

/** Linux's TCP_INFINITE_SSTHRESH: no threshold yet. */
const infiniteSsthresh = 0x7fffffff;
/** Linux's tcp_ca_state values that name a recovery (include/net/tcp.h). */
const recoveryPhases: Record<number, CongestionPhase> = { 3: 'fast-recovery', 4: 'loss-recovery' };

export const tcbLimits = { maxTcbEvents: 10_000 } as const;

export interface TcbInput {
  records: readonly TracepointRecord[];
  clock: TraceClock;
  /** tcp_probe records the tracer did not keep (its own bound). */
  probesDropped?: number;
  /** The sockets' congestion control (net.ipv4.tcp_congestion_control), when known. */
  congestionControl?: string;
}

/** Congestion controls whose phases follow RFC 5681's slow start and congestion avoidance. */
const lossBased: ReadonlySet<string> = new Set(['reno', 'cubic']);

type Probe = Extract<TracepointRecord, { event: 'tcp_probe' }>;

/** The ISNs of a run's connections: each SYN's seq by "src dst", latest at or before t. */
class SynIndex {
  private readonly byKey = new Map<string, { t: number; seq: number }[]>();

  constructor(events: readonly TraceEvent[]) {
    for (const e of events) {
      if (e.kind !== 'segment' || !e.flags.includes('SYN')) continue;
      const key = `${e.src} ${e.dst}`;
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [{ t: e.t, seq: e.seq }]);
      else list.push({ t: e.t, seq: e.seq });
    }
  }

  find(src: string, dst: string, t: number): number | undefined {
    let best: { t: number; seq: number } | undefined;
    for (const syn of this.byKey.get(`${src} ${dst}`) ?? [])
      if (syn.t <= t && (best === undefined || syn.t >= best.t)) best = syn;
    return best?.seq;
  }
}

/**
 * The phase, when it can be named: a recovery state holds for every congestion control (the
 * kernel's tcp_fastretrans_alert() drives it); slow start and congestion avoidance only for Reno
 * and CUBIC. BBR's cwnd follows its own model (STARTUP, DRAIN, PROBE_BW, PROBE_RTT) and sets
 * ssthresh only as a bandwidth-delay estimate, so cwnd < ssthresh says nothing about slow start.
 */
function ccPhase(probe: Probe, congState: number | undefined, cc: string | undefined): CongestionPhase | undefined {
  const recovery = congState === undefined ? undefined : recoveryPhases[congState];
  if (recovery !== undefined) return recovery;
  if (cc === undefined || !lossBased.has(cc)) return undefined;
  return probe.cwnd < probe.ssthresh ? 'slow-start' : 'congestion-avoidance';
}

const cappedNote = (kept: number, left: number): LocalizedText => ({
  en: `kernel: ${left} more TCB snapshots (tcp:tcp_probe) were left out after the first ${kept}`,
  fr: `noyau : ${left} instantanés de TCB de plus (tcp:tcp_probe) ont été omis après les ${kept} premiers`,
});
const noHandshakeNote: LocalizedText = {
  en: 'kernel: the TCB snapshots (tcp:tcp_probe) of a connection whose SYNs were not captured are left out: its ISS and IRS are unknown',
  fr: 'noyau : les instantanés de TCB (tcp:tcp_probe) d’une connexion dont les SYN n’ont pas été capturés sont omis : ses ISS et IRS sont inconnus',
};

/**
 * `tcb` events of the run's sockets from the kernel's probes. `events` holds the run's captured
 * segments (relative times); `rel` makes a CLOCK_REALTIME µs time relative like them.
 */
export function kernelTcbEvents(
  kernel: TcbInput,
  directory: SocketDirectory,
  events: readonly TraceEvent[],
  rel: (t: number) => number,
  limit: number = tcbLimits.maxTcbEvents,
): TraceEvent[] {
  const syns = new SynIndex(events);
  const out: TraceEvent[] = [];
  const last = new Map<string, string>();
  const congStates = new Map<string, number>();
  let left = kernel.probesDropped ?? 0;
  let noHandshake: NoteEvent | undefined;
  for (const record of kernel.records) {
    const key = `${record.local} ${record.peer}`;
    if (record.event === 'tcp_cong_state_set') congStates.set(key, record.congState);
    if (record.event !== 'tcp_probe') continue;
    const absolute = realtimeUs(record, kernel.clock);
    const binding = directory.find(key, absolute);
    if (binding === undefined) continue; // not a socket of this run
    const t = rel(absolute);
    const [iss, irs] = [syns.find(record.local, record.peer, t), syns.find(record.peer, record.local, t)];
    if (iss === undefined || irs === undefined) {
      noHandshake ??= { t, kind: 'note', host: binding.host, text: noHandshakeNote };
      continue;
    }
    const phase = ccPhase(record, congStates.get(key), kernel.congestionControl);
    const values = [record.sndUna, record.sndNxt, record.sndWnd, record.rcvWnd, record.cwnd, record.ssthresh];
    const signature = [...values, record.srttUs, phase, iss, irs].join(' ');
    if (last.get(key) === signature) continue;
    last.set(key, signature);
    if (out.length >= limit) {
      left++;
      continue;
    }
    out.push(tcbEvent(record, t, binding, iss, irs, phase));
  }
  if (noHandshake !== undefined) out.push(noHandshake);
  if (left > 0) {
    const t = out.reduce((latest, e) => Math.max(latest, e.t), 0);
    out.push({ t, kind: 'note', text: cappedNote(Math.min(out.length, limit), left) });
  }
  return out;
}

function tcbEvent(
  probe: Probe,
  t: number,
  binding: { host: string; socket: number },
  iss: number,
  irs: number,
  phase: CongestionPhase | undefined,
): TcbEvent {
  return {
    t,
    kind: 'tcb',
    host: binding.host,
    socket: binding.socket,
    state: 'ESTABLISHED',
    iss,
    irs,
    sndUna: probe.sndUna,
    sndNxt: probe.sndNxt,
    sndWnd: probe.sndWnd,
    rcvWnd: probe.rcvWnd,
    cwnd: probe.cwnd,
    ...(probe.ssthresh < infiniteSsthresh ? { ssthresh: probe.ssthresh } : {}),
    ...(phase !== undefined ? { ccPhase: phase } : {}),
    ...(probe.srttUs > 0 ? { srttUs: probe.srttUs } : {}),
  };
}

/**
 * Marks the captured segment each tcp:tcp_retransmit_skb record reports. The tracepoint fires in
 * __tcp_retransmit_skb() once the segment was handed to the device (it records the result, `err`),
 * so tcpdump saw it just before: 1–8 µs on this machine; tcp:tcp_retransmit_synack likewise fires in
 * tcp_rtx_synack() after the SYN-ACK was sent. The segment is the latest one of the same
 * 4-tuple carrying data, SYN or FIN (a pure ACK is never retransmitted) within `windowUs` before
 * the record, not marked yet; a failed retransmission (err ≠ 0) sent nothing. `lateUs` > 0: the
 * capture stamps packets after the kernel sent them (bridge/wire reads them from a TUN device, up
 * to a few ms later on a busy machine), so the first such segment within lateUs after the record
 * is taken first.
 */
export function markRetransmissions(
  kernel: TcbInput,
  events: TraceEvent[],
  rel: (t: number) => number,
  windowUs = 2000,
  lateUs = 0,
): void {
  const resendable = (e: TraceEvent): e is SegmentEvent =>
    e.kind === 'segment' && (e.len > 0 || e.flags.includes('SYN') || e.flags.includes('FIN'));
  const segments = events.filter(resendable).sort((a, b) => a.t - b.t);
  const marked = new Set<SegmentEvent>();
  for (const record of kernel.records) {
    const resent =
      (record.event === 'tcp_retransmit_skb' && record.err === 0) || record.event === 'tcp_retransmit_synack';
    if (!resent) continue;
    const t = rel(realtimeUs(record, kernel.clock));
    let found: SegmentEvent | undefined;
    for (let i = lastAtOrBefore(segments, t) + 1; lateUs > 0 && i < segments.length; i++) {
      const s = segments[i] as SegmentEvent;
      if (s.t > t + lateUs) break;
      if (s.src === record.local && s.dst === record.peer && !marked.has(s)) {
        found = s;
        break;
      }
    }
    // From the last segment at or before t + 1 µs (the clock mapping's error) back to t − windowUs.
    for (let i = lastAtOrBefore(segments, t + 1); found === undefined && i >= 0; i--) {
      const s = segments[i] as SegmentEvent;
      if (s.t < t - windowUs) break;
      if (s.src === record.local && s.dst === record.peer && !marked.has(s)) {
        found = s;
        break;
      }
    }
    if (found === undefined) continue;
    marked.add(found);
    found.retransmission = true;
  }
}

/** The index of the last segment (sorted by time) at or before t, or -1. */
function lastAtOrBefore(segments: readonly SegmentEvent[], t: number): number {
  let [low, high] = [0, segments.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((segments[middle] as SegmentEvent).t <= t) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
