// What the wire did with each packet, put into the real Trace. The importer (src/trace/import)
// reads the wire's pcap, where a packet is stamped when it left its host, and delivers it at that
// same instant (a capture sees each packet once); the wire knows better: when it reached each
// host, or that it was lost and why (a fault rule, the link's loss, a crashed host). A packet's
// event id is its pcap record index + 1 (packet-events.ts).
import type { TraceEvent } from '../../src/trace/types';
import type { WireFate } from './link';

/** The events with the importer's deliveries of wire packets replaced by the wire's fates. */
export function applyWireFates(
  events: readonly TraceEvent[],
  fates: readonly WireFate[],
  rel: (t: number) => number,
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
  for (const e of events) {
    if (e.kind === 'deliver' && byId.has(e.id) && sent.has(e.id)) {
      if (e.host !== undefined && e.socket !== undefined) socketOf.set(`${e.id} ${e.host}`, e.socket);
      continue;
    }
    out.push(e);
  }
  for (const [id, list] of byId) {
    if (!sent.has(id)) continue;
    const seen = new Set<string>();
    for (const fate of list) {
      const host = fate.to; // a host name (an address for "no host at ..." drops)
      if (fate.kind === 'drop') {
        out.push({ t: rel(fate.t), kind: 'drop', id, reason: fate.reason ?? 'lost' });
        continue;
      }
      const socket = socketOf.get(`${id} ${host}`);
      out.push({
        t: rel(fate.t),
        kind: 'deliver',
        id,
        host,
        ...(socket !== undefined ? { socket } : {}),
        ...(seen.has(host) ? { duplicate: true } : {}),
      });
      seen.add(host);
    }
  }
  out.sort((a, b) => a.t - b.t);
  return out;
}
