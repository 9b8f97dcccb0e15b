// What the wire did with each packet, put into the real Trace. The importer (src/trace/import)
// reads the wire's pcap, where a packet is stamped when it left its host, and delivers it at that
// same instant (a capture sees each packet once); the wire knows better: when it reached each
// host (late or twice when a delay or duplicate rule says so, naming the rule as the simulator
// does), or that it was lost and why (a fault rule, the link's loss, a crashed host). A packet's
// event id is its pcap record index + 1 (packet-events.ts).
import type { DatagramEvent, TraceEvent } from '../../src/trace/types';
import type { WireFate } from './link';

/** The events with the importer's deliveries of wire packets replaced by the wire's fates. */
export function applyWireFates(
  events: readonly TraceEvent[],
  fates: readonly WireFate[],
  rel: (t: number) => number,
  /** The scenario's hosts in declaration order: the order of a broadcast's copies. */
  hostOrder: readonly string[] = [],
): TraceEvent[] {
  const byId = new Map<number, WireFate[]>();
  for (const fate of fates) {
    const list = byId.get(fate.index + 1) ?? [];
    list.push(fate);
    byId.set(fate.index + 1, list);
  }
  const sent = new Set<number>();
  for (const e of events) if (e.kind === 'segment' || e.kind === 'datagram') sent.add(e.id);
  const out: TraceEvent[] = [];
  const socketOf = new Map<string, number>();
  const datagrams = new Map<number, DatagramEvent>();
  for (const e of events) {
    if (e.kind === 'deliver' && byId.has(e.id) && sent.has(e.id)) {
      if (e.host !== undefined && e.socket !== undefined) socketOf.set(`${e.id} ${e.host}`, e.socket);
      continue;
    }
    if (e.kind === 'datagram' && byId.has(e.id)) datagrams.set(e.id, e);
    out.push(e);
  }
  let nextId = Math.max(0, ...events.map((e) => ('id' in e && typeof e.id === 'number' ? e.id : 0))) + 1;
  for (const [id, list] of byId) {
    if (!sent.has(id)) continue;
    // A broadcast reaches each host as its own copy, as the simulator records it (world.ts
    // transmit): the first recipient keeps the packet's id, the others get new ids and copyOf.
    const copies = broadcastCopies(datagrams.get(id), list, hostOrder, () => nextId++);
    for (const copy of copies.extra) out.push(copy);
    const seen = new Set<string>();
    for (const fate of list) {
      const host = fate.to; // a host name (an address for "no host at ..." drops)
      const copyId = copies.idFor.get(host) ?? id;
      if (fate.kind === 'drop') {
        out.push({ t: rel(fate.t), kind: 'drop', id: copyId, reason: fate.reason ?? 'lost' });
        continue;
      }
      const socket = socketOf.get(`${id} ${host}`);
      out.push({
        t: rel(fate.t),
        kind: 'deliver',
        id: copyId,
        host,
        ...(socket !== undefined ? { socket } : {}),
        ...(seen.has(host) ? { duplicate: true } : {}),
        ...(fate.reason !== undefined ? { reason: fate.reason } : {}),
      });
      seen.add(host);
    }
  }
  out.sort((a, b) => a.t - b.t);
  return out;
}

/**
 * A datagram the wire carried to more than one host (a subnet broadcast): the captured event
 * becomes the first recipient's copy (`to` that host, `broadcast`), and each other recipient gets
 * a copy of its own; `idFor` says which id each recipient's fate belongs to.
 */
function broadcastCopies(
  datagram: DatagramEvent | undefined,
  fates: readonly WireFate[],
  hostOrder: readonly string[],
  newId: () => number,
): { extra: DatagramEvent[]; idFor: Map<string, number> } {
  const idFor = new Map<string, number>();
  const extra: DatagramEvent[] = [];
  const rank = (host: string): number => (hostOrder.includes(host) ? hostOrder.indexOf(host) : hostOrder.length);
  const recipients = [...new Set(fates.map((f) => f.to))].sort((a, b) => rank(a) - rank(b));
  if (datagram === undefined || recipients.length < 2) return { extra, idFor };
  recipients.forEach((host, i) => {
    if (i === 0) {
      datagram.to = host;
      datagram.broadcast = true;
      idFor.set(host, datagram.id);
      return;
    }
    const copy: DatagramEvent = { ...datagram, id: newId(), to: host, broadcast: true, copyOf: datagram.id };
    idFor.set(host, copy.id);
    extra.push(copy);
  });
  return { extra, idFor };
}
