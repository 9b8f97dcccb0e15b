// Merges the three sources of a real run into one Trace (`source: 'real'`): the socket-API
// events of the Python runner, the packets of tcpdump (through the pcap importer) and the kernel
// states polled from ss. All three are stamped with CLOCK_REALTIME microseconds; the Trace counts
// from `t0`, the instant the programs were started.
//
// Sockets are matched by address: the runner records `local`/`peer` on bind, listen, connect,
// accept and sendto, so a segment (src, dst) or an ss line (local, peer) finds its descriptor.
// States: with kernel tracepoints (bridge/runner/kernel-states.ts) every transition is the
// kernel's own, stamped with its time, and nothing else gives states; the TCB snapshots and the
// retransmission marks come from tcp:tcp_probe and tcp:tcp_retransmit_skb (kernel-tcb.ts). Without them, ss's are the
// kernel's own (`inferred: false`); the capture's inferred ones are kept only for sockets ss
// never saw (ss polls every ~20 ms and misses short states, but what it shows is true, while
// inference guesses — we prefer the truth, and keep the guess as a fallback).
import type { CaptureResult } from '../../src/trace/import';
import { captureToTrace } from '../../src/trace/import';
import {
  TRACE_VERSION,
  type SocketTransport,
  type StateEvent,
  type Trace,
  type TraceEvent,
  type TraceHost,
} from '../../src/trace/types';
import type { SsObservation } from '../capture/ss';
import { kernelEvents, type KernelInput } from './kernel-states';
import { kernelTcbEvents, markRetransmissions } from './kernel-tcb';

/** A call/return/note line of runner.py, `t` absolute, with the addresses it knows. */
export type RunnerEvent = TraceEvent & { local?: string; peer?: string };

export interface MergeInput {
  scenarioId: string;
  hosts: TraceHost[];
  /** CLOCK_REALTIME microseconds of the trace's time 0. */
  t0: number;
  api: readonly RunnerEvent[];
  capture?: CaptureResult;
  ss: readonly SsObservation[];
  /** The kernel's tracepoints, when they were recorded: then the only source of states. */
  kernel?: KernelInput;
  /** How long after the kernel sent a packet the capture may stamp it (the wire: a few ms). */
  captureLateUs?: number;
  /** The run's ports (a reset from a closed port of the run is the run's). */
  ports?: readonly number[];
  meta: Record<string, unknown>;
}

interface Binding {
  t: number;
  host: string;
  socket: number;
}

/** Which descriptor had an address pair when: the latest binding at or before t, else the first after. */
export class SocketDirectory {
  private readonly byKey = new Map<string, Binding[]>();

  add(key: string, binding: Binding): void {
    const list = this.byKey.get(key) ?? [];
    if (!list.some((b) => b.host === binding.host && b.socket === binding.socket)) list.push(binding);
    this.byKey.set(key, list);
  }

  find(key: string, t: number): Binding | undefined {
    const list = this.byKey.get(key);
    if (list === undefined || list.length === 0) return undefined;
    let best: Binding | undefined;
    for (const b of list) if (b.t <= t && (best === undefined || b.t >= best.t)) best = b;
    return best ?? list.reduce((a, b) => (b.t < a.t ? b : a));
  }

  /** Every event of the runner that names addresses becomes a binding. */
  static fromApi(events: readonly RunnerEvent[]): SocketDirectory {
    const directory = new SocketDirectory();
    for (const e of events) {
      if (e.kind !== 'call' && e.kind !== 'return') continue;
      const local = e.local;
      if (local === undefined) continue;
      let socket = e.socket;
      if (e.kind === 'return' && e.call === 'accept') {
        const fd = (e.result as { fd?: unknown } | undefined)?.fd;
        if (typeof fd !== 'number') continue;
        socket = fd;
      }
      const binding = { t: e.t, host: e.host, socket };
      let peer = e.peer;
      if (peer === undefined && e.kind === 'call' && e.call === 'connect') {
        peer = `${String(e.args.addr)}:${String(e.args.port)}`;
      }
      if (peer !== undefined) directory.add(`${local} ${peer}`, binding);
      if (e.call === 'listen') directory.add(`${local} 0.0.0.0:*`, binding);
      directory.add(`${local} *`, binding); // UDP sockets, matched by their own address only
    }
    return directory;
  }
}

const seenBySs = { en: 'seen by ss', fr: 'vu par ss' };

export function mergeRun(input: MergeInput): Trace {
  const directory = SocketDirectory.fromApi(input.api);
  const rel = (t: number): number => Math.max(0, t - input.t0);
  const events: TraceEvent[] = input.api.map((e) => ({ ...e, t: rel(e.t) }) as TraceEvent);
  const kernel = input.kernel;
  if (kernel !== undefined) {
    const matcher = { directory, hosts: input.hosts, ports: new Set(input.ports ?? []) };
    events.push(...kernelEvents(kernel, matcher).map((e) => ({ ...e, t: rel(e.t) })));
  }
  const ss = kernel === undefined ? ssStates(input, directory, rel) : { events: [], sockets: null };
  events.push(...ss.events);
  if (input.capture !== undefined && input.capture.packets.length > 0) {
    events.push(...capturedEvents(input, input.capture, directory, ss.sockets, rel));
  }
  if (kernel !== undefined) {
    // After the capture: the TCB takes ISS and IRS from the captured SYNs, and the kernel says
    // which captured segments were retransmissions.
    events.push(...kernelTcbEvents(kernel, directory, events, rel));
    markRetransmissions(kernel, events, rel, 2000, input.captureLateUs ?? 0);
  }
  // By time; Array.prototype.sort is stable (ES2019), so same-instant events keep their source
  // order (API, ss, capture) with no tie-break lookup (a Map of 180,000 events took a second).
  events.sort((a, b) => a.t - b.t);
  return {
    format: 'wirestep-trace',
    version: TRACE_VERSION,
    source: 'real',
    meta: { scenario: input.scenarioId, ...input.meta },
    hosts: input.hosts.map((host) => ({ ...host, sockets: transportsOpened(input.api, host.name) })),
    events,
  };
}

/** Kernel states seen by ss, and the sockets ("host fd") they belong to. */
function ssStates(
  input: MergeInput,
  directory: SocketDirectory,
  rel: (t: number) => number,
): { events: TraceEvent[]; sockets: Set<string> } {
  const hostByAddr = new Map(input.hosts.map((h) => [h.addr, h.name]));
  const hostOf = (endpoint: string): string => hostByAddr.get(endpoint.replace(/:[^:]*$/, '')) ?? endpoint;
  const events: TraceEvent[] = [];
  const sockets = new Set<string>();
  for (const o of input.ss) {
    const binding = directory.find(`${o.local} ${o.peer}`, o.t);
    const state: StateEvent & { ssTimer?: SsObservation['timer'] } = {
      t: rel(o.t),
      kind: 'state',
      host: binding?.host ?? hostOf(o.local),
      socket: binding?.socket ?? -1,
      from: o.from,
      to: o.to,
      // ss shows what the kernel holds, never why it changed.
      reason: 'observed',
      cause: o.to === 'CLOSED' ? 'seen by ss: the socket is gone' : 'seen by ss',
      causeText:
        o.to === 'CLOSED' ? { en: 'seen by ss: the socket is gone', fr: 'vu par ss : la socket a disparu' } : seenBySs,
      inferred: false,
    };
    if (o.timer !== undefined) state.ssTimer = o.timer;
    sockets.add(`${state.host} ${state.socket}`);
    events.push(state);
  }
  return { events, sockets };
}

/** Packets, through the importer (its times count from the first packet), on the real descriptors. */
function capturedEvents(
  input: MergeInput,
  capture: CaptureResult,
  directory: SocketDirectory,
  /** Sockets whose states ss gave; null: the kernel's tracepoints gave every state. */
  ssSockets: ReadonlySet<string> | null,
  rel: (t: number) => number,
): TraceEvent[] {
  const first = capture.packets[0];
  const firstT = first === undefined ? input.t0 : first.seconds * 1_000_000 + Math.round(first.nanoseconds / 1000);
  const names: Record<string, string> = {};
  for (const h of input.hosts) names[h.addr] = h.name;
  const imported = captureToTrace(capture, { names });
  const events: TraceEvent[] = [];
  // The importer numbers sockets itself (from 1000): find the real descriptor of each.
  const inferredSocket = new Map<string, Binding | undefined>();
  const segmentEnds = new Map<number, { src: string; dst: string; t: number }>();
  for (const e of imported.events) {
    const t = e.t + firstT;
    if (e.kind === 'segment' || e.kind === 'datagram') {
      segmentEnds.set(e.id, { src: e.src, dst: e.dst, t });
      const binding = directory.find(`${e.src} ${e.dst}`, t) ?? directory.find(`${e.src} *`, t);
      if (e.kind === 'segment' && e.socket !== undefined) inferredSocket.set(`${e.from} ${e.socket}`, binding);
      events.push(onDescriptor(e, rel(t), binding));
    } else if (e.kind === 'deliver') {
      const ends = segmentEnds.get(e.id);
      const binding =
        ends === undefined
          ? undefined
          : (directory.find(`${ends.dst} ${ends.src}`, t) ?? directory.find(`${ends.dst} *`, t));
      if (e.socket !== undefined && e.host !== undefined) inferredSocket.set(`${e.host} ${e.socket}`, binding);
      events.push(onDescriptor(e, rel(t), binding));
    } else if (e.kind === 'state') {
      const socket = inferredSocket.get(`${e.host} ${e.socket}`)?.socket ?? e.socket;
      if (ssSockets === null || ssSockets.has(`${e.host} ${socket}`)) continue; // the kernel's states win
      events.push({ ...e, t: rel(t), socket });
    } else events.push({ ...e, t: rel(t) });
  }
  return events;
}

/** An imported packet event at time t, on the runner's descriptor when one is known. */
function onDescriptor<E extends TraceEvent & { socket?: number }>(e: E, t: number, binding: Binding | undefined): E {
  const { socket: _ignored, ...rest } = e;
  void _ignored;
  return (binding === undefined ? { ...rest, t } : { ...rest, t, socket: binding.socket }) as E;
}

/** The transports of the sockets a host's runner opened, from its socket() calls (Trace `hosts[].sockets`). */
function transportsOpened(api: readonly RunnerEvent[], host: string): SocketTransport[] {
  const found = new Set<SocketTransport>();
  for (const event of api) {
    if (event.kind !== 'call' || event.call !== 'socket' || event.host !== host) continue;
    found.add(event.args.type === 'SOCK_DGRAM' ? 'udp' : 'tcp');
  }
  return [...found].sort();
}
