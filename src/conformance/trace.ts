// A script's run as a Trace the viewer draws: the host's calls, returns and state changes, every
// segment each way (delivered at once: the peer injects straight into the host), and a note for
// each `>` line met and for the line that failed.
import { payloadField } from '../sim/kernel';
import type { TcpSegment } from '../sim/packet';
import { flagNames } from '../tcp';
import { TRACE_VERSION, type LocalizedText, type Trace, type TraceEvent } from '../trace/types';
import type { RunResult } from './peer';
import { LOCAL_ADDR, PEER_ADDR } from './stop';

export const LOCAL_HOST = 'local';
export const PEER_HOST = 'peer';

/** The segment event and its delivery, at time t. */
export function segmentEvents(seg: TcpSegment, t: number, from: string, to: string, socket?: number): TraceEvent[] {
  const options = { ...(seg.mss === undefined ? {} : { mss: seg.mss }), ...seg.options };
  const event: TraceEvent = {
    t,
    kind: 'segment',
    id: seg.id,
    from,
    to,
    src: `${seg.srcAddr}:${seg.srcPort}`,
    dst: `${seg.dstAddr}:${seg.dstPort}`,
    flags: flagNames(seg.flags),
    seq: seg.seq,
    ack: seg.ack,
    window: seg.window,
    len: seg.data.length,
    options,
    payload: payloadField(seg.data),
  };
  if (seg.socket !== undefined) event.socket = seg.socket;
  if (seg.retransmission) event.retransmission = true;
  const deliver: TraceEvent = { t, kind: 'deliver', id: seg.id, host: to };
  if (socket !== undefined) deliver.socket = socket;
  return [event, deliver];
}

export function noteEvent(t: number, text: LocalizedText): TraceEvent {
  return { t, kind: 'note', host: LOCAL_HOST, text };
}

/** The Trace of a finished run; `meta.packetdrill` holds the verdict. */
export function scriptTrace(result: RunResult, path: string, profile: 'linux' | 'rfc'): Trace {
  const verdict: Record<string, unknown> = { path, status: result.status };
  for (const key of ['line', 'column', 'expected', 'got', 'reason'] as const)
    if (result[key] !== undefined) verdict[key] = result[key];
  return {
    format: 'wirestep-trace',
    version: TRACE_VERSION,
    source: 'sim',
    meta: { profile, file: path, packetdrill: verdict },
    hosts: [
      { name: LOCAL_HOST, addr: LOCAL_ADDR, sockets: ['tcp'] },
      { name: PEER_HOST, addr: PEER_ADDR, sockets: [] },
    ],
    events: result.events,
  };
}
