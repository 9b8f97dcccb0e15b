// Lifelines: one per host, and one per socket where a host has several (the listening socket
// and each accepted one), so every segment starts and ends on the descriptor that handled it.
import { callPartners, hostDescriptors } from '../trace/query';
import type { Trace } from '../trace/types';

export interface LaneSpec {
  index: number;
  host: string;
  addr: string;
  hostIndex: number;
  /** The descriptor of this lane; undefined for a host with no socket at all. */
  fd?: number;
  /** True when the host has several lanes (its header names each descriptor separately). */
  shared: boolean;
}

export interface LaneMap {
  lanes: LaneSpec[];
  /** The lane of (host, descriptor); a missing or unknown descriptor gives the host's first lane. */
  laneOf(host: string, socket?: number): number;
  /** For each call event, the index of its return (or -1); for each return, its call. */
  partner: Int32Array;
}

export function buildLanes(trace: Trace): LaneMap {
  const partner = callPartners(trace);
  const descriptors = hostDescriptors(trace);
  const lanes: LaneSpec[] = [];
  const first = new Map<string, number>();
  const byKey = new Map<string, number>();
  const hosts = [...trace.hosts];
  // A host seen in events but missing from `hosts` still gets a lane.
  for (const name of descriptors.keys()) if (!hosts.some((h) => h.name === name)) hosts.push({ name, addr: '' });
  hosts.forEach((host, hostIndex) => {
    const fds = descriptors.get(host.name) ?? [];
    first.set(host.name, lanes.length);
    if (fds.length <= 1) {
      byKey.set(`${host.name}|${fds[0]}`, lanes.length);
      lanes.push({ index: lanes.length, host: host.name, addr: host.addr, hostIndex, fd: fds[0], shared: false });
      return;
    }
    for (const fd of fds) {
      byKey.set(`${host.name}|${fd}`, lanes.length);
      lanes.push({ index: lanes.length, host: host.name, addr: host.addr, hostIndex, fd, shared: true });
    }
  });

  function laneOf(host: string, socket?: number): number {
    if (socket !== undefined && socket >= 0) {
      const lane = byKey.get(`${host}|${socket}`);
      if (lane !== undefined) return lane;
    }
    return first.get(host) ?? 0;
  }

  return { lanes, laneOf, partner };
}
