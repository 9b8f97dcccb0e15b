// The bytes an event carries, for the bytes panel: a packet's payload (also for its delivery or
// loss), a call's argument or a read's result. Pure.
import type { TraceEvent } from '../../trace/types';

export interface EventPayload {
  base64: string;
  /** The real length; the payload may have been cut short. */
  length: number;
}

export function payloadOf(
  event: TraceEvent | undefined,
  packetById: (id: number) => TraceEvent | undefined,
): EventPayload | undefined {
  if (event === undefined) return undefined;
  switch (event.kind) {
    case 'segment':
    case 'datagram':
      return event.len > 0 ? { base64: event.payload, length: event.len } : undefined;
    case 'deliver':
    case 'drop': {
      const packet = packetById(event.id);
      return packet?.kind === 'segment' || packet?.kind === 'datagram' ? payloadOf(packet, packetById) : undefined;
    }
    case 'call':
      return fromRecord(event.args);
    case 'return':
      return event.call === 'recv' || event.call === 'recvfrom'
        ? fromRecord({ payload: event.result?.payload, bytes: event.result?.bytes })
        : undefined;
    default:
      return undefined;
  }
}

function fromRecord(record: Record<string, unknown>): EventPayload | undefined {
  const { payload, bytes } = record;
  if (typeof payload !== 'string' || payload === '') return undefined;
  return { base64: payload, length: typeof bytes === 'number' ? bytes : Math.floor((payload.length * 3) / 4) };
}
