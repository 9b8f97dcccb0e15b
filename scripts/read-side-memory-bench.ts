// What the read side (src/trace/query) adds to the JS heap for an imported capture (issue 9:
// "memory at most 200 bytes of JS heap per packet"). A benchmark, never a test (figures depend on
// the machine and on V8):
//   node --expose-gc --max-old-space-size=6000 --import tsx scripts/read-side-memory-bench.ts [100000,1000000] [runs]
// For each packet count it builds the Trace of a generated bulk capture (src/ui/capture/test-captures.ts
// bulkCapture, then importCapture), forces a GC and, query after query (each one's dependencies
// already computed, so each figure is that query's own), the heap retained after it over the packets.
// Times: the median of `runs` computations, each on a shallow copy of the Trace (perTrace caches by
// the Trace object) whose dependencies were computed first, untimed.
import { loadavg } from 'node:os';
import { importCapture } from '../src/trace/import';
import {
  callPartners,
  congestionSeries,
  eventOwners,
  fastRetransmits,
  hostDescriptors,
  hostTransports,
  listRows,
  packetFates,
  packetIndex,
  relativeNumbers,
  segmentRoles,
  socketEndpoints,
  stateBefore,
  stepIndices,
  timeSequence,
} from '../src/trace/query';
import type { Trace } from '../src/trace/types';
import { bulkCapture } from '../src/ui/capture/test-captures';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** Each query with the queries it reads (computed first, so they are not counted in it). */
const queries: readonly { name: string; run: (trace: Trace) => unknown; needs: readonly ((t: Trace) => unknown)[] }[] =
  [
    { name: 'packetIndex', run: packetIndex, needs: [] },
    { name: 'packetFates', run: packetFates, needs: [packetIndex] },
    { name: 'callPartners', run: callPartners, needs: [] },
    { name: 'eventOwners', run: eventOwners, needs: [callPartners] },
    { name: 'hostDescriptors', run: hostDescriptors, needs: [callPartners, eventOwners] },
    { name: 'stateBefore', run: stateBefore, needs: [callPartners, eventOwners] },
    { name: 'segmentRoles', run: segmentRoles, needs: [packetIndex, callPartners, eventOwners, stateBefore] },
    // The rest of what a capture's first render and stepping read (not changed by issue 9's columns but stepIndices).
    { name: 'stepIndices', run: stepIndices, needs: [] },
    { name: 'listRows(all)', run: (t) => listRows(t, 'all'), needs: [stepIndices] },
    { name: 'listRows(packets)', run: (t) => listRows(t, 'packets'), needs: [stepIndices] },
    { name: 'relativeNumbers (every segment)', run: everyRelativeNumber, needs: [] },
    { name: 'socketEndpoints', run: socketEndpoints, needs: [packetIndex] },
    { name: 'hostTransports', run: hostTransports, needs: [] },
    { name: 'congestionSeries', run: congestionSeries, needs: [callPartners, eventOwners] },
    { name: 'fastRetransmits', run: fastRetransmits, needs: [callPartners, eventOwners, congestionSeries] },
    { name: 'timeSequence', run: timeSequence, needs: [] },
  ];

/** relativeNumbers is lazy (numbers only as far as asked): asking for the last segment makes them all. */
function everyRelativeNumber(trace: Trace): unknown {
  for (let index = trace.events.length - 1; index >= 0; index--) {
    const event = trace.events[index]!;
    if (event.kind === 'segment') return relativeNumbers(trace).get(event.id);
  }
  return undefined;
}

/**
 * The JS heap in use and the typed arrays' backing stores: V8 keeps an ArrayBuffer's bytes outside
 * its heap (process.memoryUsage().arrayBuffers; Chromium's heap figures leave them out too), so a
 * column moved into an Int32Array must still be counted, or the saving would be an accounting trick.
 */
function heap(): { heap: number; buffers: number } {
  gc!();
  gc!();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers };
}

function since(start: { heap: number; buffers: number }): { heap: number; buffers: number } {
  const now = heap();
  return { heap: now.heap - start.heap, buffers: now.buffers - start.buffers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const round = (value: number, places = 1): number => Math.round(value * 10 ** places) / 10 ** places;

function measure(packets: number, runs: number): Record<string, unknown> {
  const bytes = bulkCapture(packets);
  const before = heap();
  const trace = importCapture(bytes, { fileName: 'bulk.pcap' });
  const traceAdded = since(before);
  const perPacket: Record<string, { heap: number; buffers: number; both: number }> = {};
  const medianMs: Record<string, number> = {};
  const total = { heap: 0, buffers: 0 };
  const issueQueries = new Set(['packetIndex', 'packetFates', 'eventOwners', 'stateBefore', 'segmentRoles']);
  const ofIssue = { heap: 0, buffers: 0 };
  for (const query of queries) {
    const at = heap();
    query.run(trace);
    const added = since(at);
    total.heap += added.heap;
    total.buffers += added.buffers;
    if (issueQueries.has(query.name)) {
      ofIssue.heap += added.heap;
      ofIssue.buffers += added.buffers;
    }
    perPacket[query.name] = {
      heap: round(added.heap / packets),
      buffers: round(added.buffers / packets),
      both: round((added.heap + added.buffers) / packets),
    };
  }
  for (const query of queries) {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const copy = { ...trace };
      for (const need of query.needs) need(copy);
      const started = performance.now();
      query.run(copy);
      times.push(performance.now() - started);
    }
    medianMs[query.name] = round(median(times), 2);
  }
  return {
    packets,
    events: trace.events.length,
    traceBytesPerPacket: { heap: round(traceAdded.heap / packets), buffers: round(traceAdded.buffers / packets) },
    readSideBytesPerPacket: perPacket,
    /** packetIndex, packetFates, eventOwners, stateBefore and segmentRoles: the four Maps issue 9 measured and stateBefore. */
    issueQueriesBytesPerPacket: {
      heap: round(ofIssue.heap / packets),
      buffers: round(ofIssue.buffers / packets),
      both: round((ofIssue.heap + ofIssue.buffers) / packets),
    },
    readSideTotalBytesPerPacket: {
      heap: round(total.heap / packets),
      buffers: round(total.buffers / packets),
      both: round((total.heap + total.buffers) / packets),
    },
    medianMs,
  };
}

const [counts = '100000,1000000', runs = '5'] = process.argv.slice(2);
const loadBefore = loadavg().map((l) => round(l, 2));
const results = counts.split(',').map((count) => measure(Number(count), Number(runs)));
console.log(
  JSON.stringify(
    { node: process.version, loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l, 2)) }, results },
    null,
    2,
  ),
);
