// An imported capture's metadata as every view reads it (types.ts CaptureMeta, `meta.pcap`,
// typed and validated with the Trace): what its absence, in a simulated or real run, reads as.
import type { CaptureConnection, CaptureMeta, Trace } from '../types';
import { perTrace } from './memo';
import { packetIndex } from './packets';

export function captureMeta(trace: Trace): CaptureMeta | undefined {
  return trace.meta.pcap;
}

/** The TCP connections the importer listed (the first captureMetaLimits.maxConnections). */
export function captureConnections(trace: Trace): readonly CaptureConnection[] {
  return trace.meta.pcap?.connections ?? [];
}

/** How many TCP connections the capture holds, listed or not. */
export function captureConnectionCount(trace: Trace): number {
  return trace.meta.pcap?.connectionCount ?? 0;
}

/**
 * The one address:port each socket sends from and receives at, by "host|socket" (a socket seen
 * at several has none here). A capture's descriptors are made up (from 1000): its views name a
 * socket by this endpoint instead.
 */
export const socketEndpoints = perTrace((trace): ReadonlyMap<string, string> => {
  // host -> socket -> its one endpoint, or null once it has two. No key string per event: a
  // capture's packets go to and from the same few sockets, so the last three are remembered.
  const seen = new Map<string, Map<number, string | null>>();
  const recent: { host: string; socket: number; endpoint: string }[] = [];
  const add = (host: string, socket: number | undefined, endpoint: string) => {
    if (socket === undefined || socket < 0) return;
    for (const last of recent) if (last.socket === socket && last.host === host && last.endpoint === endpoint) return;
    let sockets = seen.get(host);
    if (sockets === undefined) seen.set(host, (sockets = new Map()));
    const now = sockets.get(socket);
    sockets.set(socket, now === undefined || now === endpoint ? endpoint : null);
    if (recent.unshift({ host, socket, endpoint }) > 3) recent.pop();
  };
  const { byId } = packetIndex(trace);
  for (const event of trace.events) {
    if (event.kind === 'segment' || event.kind === 'datagram') add(event.from, event.socket, event.src);
    else if (event.kind === 'deliver' && event.host !== undefined) {
      const packet = byId.get(event.id);
      if (packet !== undefined && packet.kind !== 'icmp') add(event.host, event.socket, packet.dst);
    }
  }
  const endpoints = new Map<string, string>();
  for (const [host, sockets] of seen)
    for (const [socket, endpoint] of sockets) if (endpoint !== null) endpoints.set(`${host}|${socket}`, endpoint);
  return endpoints;
});
