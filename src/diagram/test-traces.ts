// Traces for the layout passes' tests: the lessons (simulated once each) and small hand-made ones.
import { findScenario } from '../scenario/library';
import { simulate } from '../sim';
import type { DatagramEvent, SegmentEvent, Trace, TraceEvent, TraceHost } from '../trace/types';
import { layoutContext, type LayoutContext } from './context';
import type { LayoutOptions } from './model';
import { indexTrace, type TraceIndex } from './trace-index';
import { placeRows, type Vertical } from './vertical';

const lessons = new Map<string, Trace>();

export function lesson(id: string, options: Parameters<typeof simulate>[1] = {}): Trace {
  const key = `${id}|${JSON.stringify(options)}`;
  let trace = lessons.get(key);
  if (trace === undefined) lessons.set(key, (trace = simulate(findScenario(id)!, options)));
  return trace;
}

export const hostsAB: TraceHost[] = [
  { name: 'a', addr: '10.0.0.1' },
  { name: 'b', addr: '10.0.0.2' },
];

export const traceOf = (events: TraceEvent[], hosts: TraceHost[] = hostsAB): Trace => ({
  format: 'wirestep-trace',
  version: 2,
  source: 'pcap',
  meta: {},
  hosts,
  events,
});

export const segment = (t: number, id: number, fields: Partial<SegmentEvent> = {}): SegmentEvent => ({
  t,
  kind: 'segment',
  id,
  from: 'a',
  to: 'b',
  src: '10.0.0.1:1000',
  dst: '10.0.0.2:80',
  flags: ['ACK'],
  seq: 1,
  ack: 1,
  window: 1000,
  len: 0,
  options: {},
  payload: '',
  ...fields,
});

export const datagram = (t: number, id: number, fields: Partial<DatagramEvent> = {}): DatagramEvent => ({
  t,
  kind: 'datagram',
  id,
  from: 'a',
  to: 'b',
  src: '10.0.0.1:1000',
  dst: '10.0.0.2:53',
  len: 0,
  payload: '',
  ...fields,
});

/** The first passes run on a trace: its context, index and rows. */
export function firstPasses(
  trace: Trace,
  options: LayoutOptions = {},
): { context: LayoutContext; index: TraceIndex; vertical: Vertical } {
  const context = layoutContext(options);
  const index = indexTrace(trace, context.presentation);
  return { context, index, vertical: placeRows(index, context.metrics) };
}
