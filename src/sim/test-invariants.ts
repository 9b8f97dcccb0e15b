// Invariants every simulated Trace must satisfy, as pure checks that return the problems they find
// (an empty list when the trace is sound). Used by src/sim/properties.test.ts.
import type { LinkOptions, Scenario } from '../scenario/schema';
import { decodeBase64 } from '../encoding/base64';
import type { ReturnEvent, StateEvent, Trace, TraceEvent } from '../trace/types';
import { isRfcTransition } from '../tcp';

/** The state events of each (host, descriptor), in trace order. Keys read `host/fd`. */
export function stateHistories(trace: Trace): Map<string, StateEvent[]> {
  const histories = new Map<string, StateEvent[]>();
  for (const event of trace.events) {
    if (event.kind !== 'state') continue;
    const key = `${event.host}/${event.socket}`;
    const history = histories.get(key) ?? [];
    history.push(event);
    histories.set(key, history);
  }
  return histories;
}

/** Property 2: once nothing is left to happen, no connection is left half-open. */
export function checkEveryRunEnds(trace: Trace): string[] {
  const problems: string[] = [];
  for (const [key, history] of stateHistories(trace)) {
    const last = history[history.length - 1];
    if (last && last.to !== 'CLOSED' && last.to !== 'TIME-WAIT') {
      problems.push(`${key} ends in ${last.to} (last change at t=${last.t}: ${last.cause})`);
    }
  }
  return problems;
}

/**
 * Property 3: each descriptor's state changes chain (from = previous to) and follow RFC 9293.
 * A descriptor number is reused once its socket is CLOSED: the next socket with that number
 * starts from CLOSED (socket()) or LISTEN (a connection created by a listener).
 */
export function checkStateChains(trace: Trace): string[] {
  const problems: string[] = [];
  for (const [key, history] of stateHistories(trace)) {
    let previous: StateEvent | null = null;
    for (const event of history) {
      const where = `${key} at t=${event.t} (${event.from} -> ${event.to}, ${event.cause})`;
      if (!isRfcTransition(event.from, event.to)) problems.push(`${where}: not an RFC 9293 transition`);
      const fresh = event.from === 'CLOSED' || event.from === 'LISTEN';
      if (previous === null) {
        if (!fresh) problems.push(`${where}: the first change of a socket must start from CLOSED or LISTEN`);
      } else if (event.from !== previous.to && !(previous.to === 'CLOSED' && fresh)) {
        problems.push(
          `${where}: does not follow the previous change (${previous.from} -> ${previous.to} at t=${previous.t})`,
        );
      }
      previous = event;
    }
  }
  return problems;
}

/** True when some link of the run may duplicate packets, or a duplicate fault rule does. */
export function duplicatesPossible(scenario: Scenario, link: LinkOptions | undefined): boolean {
  const layers = [scenario.link, ...(scenario.links ?? []).map((l) => l.options), link];
  if ((scenario.faults ?? []).some((fault) => fault.type === 'duplicate')) return true;
  return layers.some((options) => (options?.duplicateProbability ?? 0) > 0);
}

const isDuplicate = (event: TraceEvent): boolean => 'duplicate' in event && event.duplicate === true;

/**
 * Property 5: time is integral, never negative and never goes back; packet ids are unique; every
 * deliver/drop names an earlier packet; every packet meets its fate (delivered or dropped), since a
 * run only ends once its event queue is empty; only a duplicating link gives a packet two fates.
 */
export function checkEventsAndPackets(trace: Trace, duplicates: boolean): string[] {
  const problems: string[] = [];
  const sentAt = new Map<number, number>();
  const fates = new Map<number, TraceEvent[]>();
  let previousT = 0;
  trace.events.forEach((event, index) => {
    const where = `event ${index} (${event.kind} at t=${event.t})`;
    if (!Number.isInteger(event.t) || event.t < 0) problems.push(`${where}: t is not an integer >= 0`);
    if (event.t < previousT) problems.push(`${where}: t goes back from ${previousT}`);
    previousT = Math.max(previousT, event.t);
    switch (event.kind) {
      case 'segment':
      case 'datagram':
      case 'icmp':
        if (sentAt.has(event.id)) problems.push(`${where}: packet id ${event.id} used twice`);
        sentAt.set(event.id, event.t);
        break;
      case 'deliver':
      case 'drop': {
        const sent = sentAt.get(event.id);
        if (sent === undefined) problems.push(`${where}: refers to packet ${event.id}, not sent before`);
        else if (event.t < sent) problems.push(`${where}: before packet ${event.id} was sent (t=${sent})`);
        const list = fates.get(event.id) ?? [];
        list.push(event);
        fates.set(event.id, list);
        break;
      }
      default:
        break;
    }
  });
  for (const id of sentAt.keys()) {
    const list = fates.get(id) ?? [];
    if (list.length === 0) problems.push(`packet ${id} was neither delivered nor dropped`);
    if (list.length > 2) problems.push(`packet ${id} has ${list.length} fates`);
    if (list.length === 2 && !duplicates) problems.push(`packet ${id} has two fates on a link that never duplicates`);
    const originals = list.filter((e) => e.kind === 'deliver' && !isDuplicate(e)).length;
    const copies = list.filter((e) => e.kind === 'deliver' && isDuplicate(e)).length;
    if (originals > 1) problems.push(`packet ${id} delivered ${originals} times without the duplicate mark`);
    if (copies > 0 && !duplicates) problems.push(`packet ${id} has a duplicate on a link that never duplicates`);
    const lost = list.some((e) => e.kind === 'drop' && e.reason !== 'host down');
    if (lost && list.length > 1) problems.push(`packet ${id} was dropped on the way yet has ${list.length} fates`);
  }
  return problems;
}

/** The successful returns of `call` on `host`, in order. */
export function returnsOf(trace: Trace, host: string, call: ReturnEvent['call']): ReturnEvent[] {
  return trace.events.filter((e): e is ReturnEvent => e.kind === 'return' && e.host === host && e.call === call);
}

/** Bytes a successful recv/recvfrom returned (the trace keeps the first 256 of them). */
export function returnedBytes(event: ReturnEvent): { bytes: number; data: Uint8Array } | null {
  const result = event.result;
  if (event.errno !== undefined || typeof result !== 'object' || result === null) return null;
  if (!('bytes' in result) || !('payload' in result)) return null;
  const { bytes, payload } = result;
  if (typeof bytes !== 'number' || typeof payload !== 'string') return null;
  return { bytes, data: decodeBase64(payload) };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Evidence that TCP gave up retransmitting: an ETIMEDOUT return, or a state change caused by a
 * timeout (ETIMEDOUT) or by exhausted SYN,ACK retransmissions. Data may then be cut short.
 */
export function gaveUp(trace: Trace): boolean {
  return trace.events.some(
    (e) =>
      (e.kind === 'return' && e.errno === 'ETIMEDOUT') ||
      (e.kind === 'state' && (e.cause.includes('ETIMEDOUT') || e.cause.includes('retransmissions exhausted'))),
  );
}

/** The bytes `host`'s successful recv calls returned, in order (each must fit in a trace payload). */
export function bytesRead(trace: Trace, host: string): { data: Uint8Array; cut: number; lastBytes: number | null } {
  const reads = returnsOf(trace, host, 'recv').map(returnedBytes);
  const parts = reads.flatMap((r) => (r === null ? [] : [r.data]));
  const cut = reads.filter((r) => r !== null && r.data.length !== r.bytes).length;
  const last = reads[reads.length - 1];
  return { data: concat(parts), cut, lastBytes: last === undefined || last === null ? null : last.bytes };
}

/** Hex of the first bytes, for readable failure messages. */
export function hexPreview(bytes: Uint8Array, max = 48): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${bytes.length} bytes ${shown}${bytes.length > max ? '...' : ''}`;
}
