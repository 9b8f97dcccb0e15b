// One TCP connection out of an imported trace: its segments, their delivers and drops, ICMP
// errors about them, its two endpoints' states (and any other per-socket event), the notes that
// concern it, and only the hosts those events name. Pure: the trace given is not changed.
import { captureConnectionCount, captureConnections, type Steps } from '../../trace/query';
import type { CaptureConnection, SegmentEvent, Trace, TraceEvent, TraceHost } from '../../trace/types';

export type { CaptureConnection } from '../../trace/types';

/** Connections listed in the UI at most; the picker says when there are more. */
export const maxListedConnections = 1000;

/** The connections a capture's trace lists (`meta.pcap`), at most maxListedConnections. */
export function connectionsOf(trace: Trace): CaptureConnection[] {
  return captureConnections(trace).slice(0, maxListedConnections);
}

/** How many connections the trace holds (more than connectionsOf lists when it was cut). */
export function connectionCount(trace: Trace): number {
  return captureConnectionCount(trace);
}

function carriesSegment(connection: CaptureConnection, segment: SegmentEvent): boolean {
  const forward = segment.src === connection.client && segment.dst === connection.server;
  const backward = segment.src === connection.server && segment.dst === connection.client;
  if (!forward && !backward) return false;
  // Port reuse: two connections on the same four addresses differ by their (inferred) sockets.
  const own = forward ? connection.clientSocket : connection.serverSocket;
  return own === undefined || segment.socket === undefined || segment.socket === own;
}

const socketKey = (host: string, socket: number): string => `${socket}\u0000${host}`;

/** A note tied to a host (e.g. "10.0.0.2:41001 is in TIME-WAIT…") concerns the endpoints it names. */
function noteNames(text: string, endpoints: readonly string[]): boolean {
  const words = text.split(/[\s,;]+/);
  return endpoints.some((endpoint) => words.includes(endpoint));
}

/** The trace restricted to one connection; meta gains `connection` (its id). */
export function selectConnection(trace: Trace, connection: CaptureConnection): Trace {
  const packetIds = new Set<number>();
  const sockets = new Set<string>();
  if (connection.clientSocket !== undefined) sockets.add(socketKey(connection.clientHost, connection.clientSocket));
  if (connection.serverSocket !== undefined) sockets.add(socketKey(connection.serverHost, connection.serverSocket));
  const endpoints = [connection.client, connection.server];
  const hostNames = new Set<string>([connection.clientHost, connection.serverHost]);

  const hostNotes = new Set<string>();
  const events: TraceEvent[] = [];
  const keep = (event: TraceEvent): void => {
    events.push(event);
  };
  for (const event of trace.events) {
    switch (event.kind) {
      case 'segment':
        if (carriesSegment(connection, event)) {
          packetIds.add(event.id);
          hostNames.add(event.from).add(event.to);
          keep(event);
        }
        break;
      case 'deliver':
      case 'drop':
        if (packetIds.has(event.id)) keep(event);
        break;
      case 'icmp':
        if (packetIds.has(event.about)) {
          packetIds.add(event.id);
          hostNames.add(event.from).add(event.to);
          keep(event);
        }
        break;
      case 'state':
      case 'call':
      case 'return':
      case 'timer':
      case 'tcb':
        if (sockets.has(socketKey(event.host, event.socket))) keep(event);
        break;
      case 'note':
        // Notes without a host are about the whole capture (where it is cut, reordered packets).
        // A shared endpoint (a server's port) is named by every connection's note: keep one.
        if (event.host === undefined) keep(event);
        else if (noteNames(event.text.en, endpoints) && !hostNotes.has(event.text.en)) {
          hostNotes.add(event.text.en);
          keep(event);
        }
        break;
      case 'datagram':
        break;
    }
  }
  const hosts: TraceHost[] = trace.hosts.filter((host) => hostNames.has(host.name));
  // A note may name a host the connection's packets do not (never with the importer): keep it valid.
  const named = new Set(hosts.map((host) => host.name));
  const shown = events.filter((event) => event.kind !== 'note' || event.host === undefined || named.has(event.host));
  return { ...trace, meta: { ...trace.meta, connection: connection.id }, hosts, events: shown };
}

/** The trace with connection `id`, the whole trace for null or an id it does not list. */
export function traceForConnection(trace: Trace, id: number | null): Trace {
  if (id === null) return trace;
  const connection = connectionsOf(trace).find((candidate) => candidate.id === id);
  return connection === undefined ? trace : selectConnection(trace, connection);
}

/** Endpoints that may be named: the connection's two, or the first `limit` the trace's packets use. */
export function nameableEndpoints(trace: Trace, connectionId: number | null, limit = 12): string[] {
  if (connectionId !== null) {
    const connection = connectionsOf(trace).find((candidate) => candidate.id === connectionId);
    if (connection !== undefined) return [connection.client, connection.server];
  }
  const scan = packetEndpoints(trace, limit);
  let next = scan.next();
  while (next.done !== true) next = scan.next();
  return [...next.value];
}

/** Packets scanned between two pauses of packetEndpoints. */
const scanStep = 1 << 13;

/**
 * The first `limit` endpoints the packets use, kept per trace and limit (a capture of one
 * connection is scanned to its end: seconds at a million packets, and the bar asks at every
 * render), as steps a page can spread over tasks (prepare.ts).
 */
export function* packetEndpoints(trace: Trace, limit = 12): Steps<readonly string[]> {
  let byLimit = scanned.get(trace);
  if (byLimit === undefined) scanned.set(trace, (byLimit = new Map()));
  const known = byLimit.get(limit);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const { events } = trace;
  // The last pair added: a connection's packets repeat it (or its reverse) run after run.
  let src = '';
  let dst = '';
  for (let index = 0; index < events.length && seen.size < limit; index++) {
    if (index % scanStep === scanStep - 1) yield;
    const event = events[index]!;
    if (event.kind !== 'segment' && event.kind !== 'datagram') continue;
    if ((event.src === src && event.dst === dst) || (event.src === dst && event.dst === src)) continue;
    src = event.src;
    dst = event.dst;
    seen.add(src);
    if (seen.size < limit) seen.add(dst);
  }
  const found = byLimit.get(limit) ?? [...seen];
  byLimit.set(limit, found);
  return found;
}

const scanned = new WeakMap<Trace, Map<number, readonly string[]>>();
