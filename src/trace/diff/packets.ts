// Every packet of a trace as the comparison sees it: relative numbers from the query layer, the
// window in bytes once the connection's scale applies, and the options that shape behaviour.
import { relativeNumbers } from '../query';
import type { SegmentEvent, Trace } from '../types';
import type { DiffPacket, Direction, OptionSummary } from './types';

export function direction(p: DiffPacket): Direction {
  return `${p.from}→${p.to}`;
}

export function isPureAck(p: DiffPacket): boolean {
  return (
    p.kind === 'segment' &&
    p.len === 0 &&
    !p.flags.includes('SYN') &&
    !p.flags.includes('FIN') &&
    !p.flags.includes('RST')
  );
}

export function optionSummary(options: Record<string, unknown>): OptionSummary {
  const summary: OptionSummary = {
    sackPermitted: options.sackOk === true,
    timestamps: typeof options.tsval === 'number',
  };
  if (typeof options.mss === 'number') summary.mss = options.mss;
  if (typeof options.wscale === 'number') summary.windowScale = options.wscale;
  return summary;
}

interface Handshake {
  /** The window's shift; undefined when the trace lacks the handshake that says it. */
  shift?: number;
  /** Both SYNs carried timestamps, so every later segment must (RFC 7323 3.2). */
  timestamps?: boolean;
}

/**
 * What the handshake decided for each segment (RFC 7323 2.2-2.3, 3.2): the window's shift is 0 in
 * a SYN, the sender's own announced scale once both SYNs carried the option, 0 when one did not;
 * timestamps are on every segment once both SYNs carried them. Unknown without the handshake.
 */
function handshakes(segments: readonly SegmentEvent[]): Map<number, Handshake> {
  const announced = new Map<string, { scale: number | null; timestamps: boolean }>(); // "src>dst"
  const out = new Map<number, Handshake>();
  for (const s of segments) {
    const forward = `${s.src}>${s.dst}`;
    const backward = `${s.dst}>${s.src}`;
    if (s.flags.includes('SYN')) {
      if (!s.flags.includes('ACK')) announced.delete(backward);
      const scale = typeof s.options.wscale === 'number' ? s.options.wscale : null;
      announced.set(forward, { scale, timestamps: typeof s.options.tsval === 'number' });
      out.set(s.id, { shift: 0 });
      continue;
    }
    const mine = announced.get(forward);
    const theirs = announced.get(backward);
    if (mine === undefined || theirs === undefined) out.set(s.id, {});
    else {
      out.set(s.id, {
        shift: mine.scale === null || theirs.scale === null ? 0 : mine.scale,
        timestamps: mine.timestamps && theirs.timestamps,
      });
    }
  }
  return out;
}

/**
 * The window field and the bytes it means. A producer that scales it says so (`window` in bytes,
 * `windowRaw` and `windowShift`: the Trace format); a trace without `windowShift` holds the field
 * as sent (real runs and captures so far), scaled here by the shift its handshake decided.
 */
function windowOf(
  e: SegmentEvent,
  handshakeShift: number | undefined,
): Pick<DiffPacket, 'window' | 'scaledWindow' | 'windowShift'> {
  if (e.windowShift !== undefined) {
    const raw = e.windowRaw ?? Math.floor(e.window / 2 ** e.windowShift);
    return { window: raw, scaledWindow: e.window, windowShift: e.windowShift };
  }
  const out: Pick<DiffPacket, 'window' | 'scaledWindow' | 'windowShift'> = {
    window: e.window,
    scaledWindow: e.window * 2 ** (handshakeShift ?? 0),
  };
  if (handshakeShift !== undefined) out.windowShift = handshakeShift;
  return out;
}

/** The trace's packets (segments, datagrams, ICMP errors) in trace order. */
export function packetsOf(trace: Trace): DiffPacket[] {
  const numbers = relativeNumbers(trace);
  const decided = handshakes(trace.events.filter((e): e is SegmentEvent => e.kind === 'segment'));
  const out: DiffPacket[] = [];
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
      flags: e.kind === 'segment' ? [...e.flags] : [],
      len: e.kind === 'icmp' ? 0 : e.len,
      seq: 0,
      window: 0,
      scaledWindow: 0,
      options: { sackPermitted: false, timestamps: false },
    };
    if (e.kind === 'segment') {
      const rel = numbers.get(e.id);
      packet.seq = rel?.seq ?? e.seq;
      if (rel?.ack !== undefined) packet.ack = rel.ack;
      const handshake = decided.get(e.id) ?? {};
      Object.assign(packet, windowOf(e, handshake.shift));
      if (handshake.timestamps !== undefined) packet.timestampsNegotiated = handshake.timestamps;
      packet.options = optionSummary(e.options);
      if (e.retransmission === true) packet.retransmission = true;
      if (e.probe !== undefined) packet.probe = e.probe;
    }
    out.push(packet);
  }
  return out;
}
