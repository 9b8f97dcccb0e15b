import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/library';
import { simulate } from '../../src/sim';
import { importCapture, streamCaptureTrace } from '../../src/trace/import';
import { ethernet, ipv4, SYN, tcpSegment, writePcap } from '../../src/trace/import/test-writer';
import { sampleTrace } from '../../src/trace/test-fixtures';
import type { Trace } from '../../src/trace/types';
import { chunkChars, traceJsonStream, writeTraceJson } from './json-stream';

function written(trace: Trace): string[] {
  const chunks: string[] = [];
  writeTraceJson(trace, (text) => chunks.push(text));
  return chunks;
}

/** 3,000 SYNs, each from its own port: a capture whose Trace JSON is about 1 MB. */
function synCapture(): Trace {
  return importCapture(synBytes(), { fileName: 'syns.pcap' });
}

function synBytes(): Uint8Array {
  const records = Array.from({ length: 3000 }, (_, i) => ({
    seconds: 1_700_000_000,
    fraction: i,
    data: ethernet(
      0x0800,
      ipv4(6, '10.0.0.2', '10.0.0.1', tcpSegment({ srcPort: 1024 + i, dstPort: 80, seq: i, flags: SYN })),
    ),
  }));
  return writePcap(records, { linkType: 1 });
}

describe('writeTraceJson', () => {
  it.each<[string, () => Trace]>([
    ['a hand-written trace', sampleTrace],
    ['a simulated lesson', () => simulate(findScenario('nagle')!)],
    ['an imported capture', synCapture],
    ['a trace with no events', () => ({ ...sampleTrace(), events: [] })],
  ])('%s: the same text as JSON.stringify', (_name, make) => {
    const trace = make();
    expect(written(trace).join('')).toBe(JSON.stringify(trace));
  });

  it('writes the events as they are serialized, never the whole trace at once', () => {
    const trace = synCapture();
    const events = JSON.stringify(trace.events).length;
    const chunks = written(trace);
    expect(events).toBeGreaterThan(10 * chunkChars);
    expect(chunks.length).toBeGreaterThan(events / chunkChars - 1);
    // The first chunk holds the metadata (bounded: captureMetaLimits); each later one is cut after
    // the event that took it past the chunk size.
    const longestEvent = trace.events.reduce((most, event) => Math.max(most, JSON.stringify(event).length), 0);
    for (const chunk of chunks.slice(1)) expect(chunk.length).toBeLessThan(chunkChars + longestEvent + 1);
  });

  it('leaves out keys whose value is undefined, as JSON.stringify does', () => {
    const trace = { ...sampleTrace(), extra: undefined } as unknown as Trace;
    expect(written(trace).join('')).toBe(JSON.stringify(trace));
  });
});

describe('traceJsonStream', () => {
  it('writes a streamed capture as JSON.stringify writes its Trace, a chunk at a time', () => {
    const chunks: string[] = [];
    const out = traceJsonStream((text) => chunks.push(text));
    streamCaptureTrace(synBytes(), { fileName: 'syns.pcap' }, out);
    out.end();
    const trace = synCapture();
    expect(chunks.join('')).toBe(JSON.stringify(trace));
    expect(chunks.length).toBeGreaterThan(JSON.stringify(trace.events).length / chunkChars - 1);
    const longestEvent = trace.events.reduce((most, event) => Math.max(most, JSON.stringify(event).length), 0);
    for (const chunk of chunks.slice(1)) expect(chunk.length).toBeLessThan(chunkChars + longestEvent + 1);
  });
});
