// A capture's metadata in the Trace (`meta.pcap`): checked with JSON paths, and read from files
// written before it had its own place (capture fields at the top of `meta`, v1 and v2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from './import';
import { sampleTrace } from './test-fixtures';
import type { Trace } from './types';
import { validateTrace } from './validate';
import { captureMetaLimits } from './validate-capture';

type Json = Record<string, unknown> & { meta: Record<string, unknown> & { pcap: Record<string, unknown> } };

const printFlags = (): Trace =>
  importCapture(new Uint8Array(readFileSync(join(import.meta.dirname, 'import/fixtures/print-flags.pcap'))), {
    fileName: 'print-flags.pcap',
  });

/** A trace as loose JSON a test may change anywhere. */
const asJson = (trace: Trace): Json => JSON.parse(JSON.stringify(trace)) as Json;

/** The JSON the importer wrote before `meta.pcap`: the same fields at the top of `meta`. */
function previousLayout(trace: Trace): Json {
  const json = asJson(trace);
  const { pcap, ...rest } = json.meta;
  return { ...json, meta: { ...rest, ...pcap } } as Json;
}

function problemsOf(json: unknown): string[] {
  const result = validateTrace(json);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('meta.pcap', () => {
  it('is what the importer writes, and is accepted as it is', () => {
    const trace = printFlags();
    expect(Object.keys(trace.meta)).toEqual(['file', 'pcap']);
    expect(trace.meta.pcap).toMatchObject({ format: 'pcap', packets: 10, linkTypes: [1], connectionCount: 1 });
    const json = asJson(trace);
    expect(validateTrace(json)).toEqual({ ok: true, trace: json });
  });

  it('reports each problem with its JSON path', () => {
    const json = asJson(printFlags());
    const pcap = json.meta.pcap;
    const connection = (pcap.connections as Record<string, unknown>[])[0];
    delete pcap.connectionCount;
    pcap.format = 'erf';
    pcap.skippedPackets = -1;
    pcap.problems = [{ packet: 1 }];
    Object.assign(connection ?? {}, { clientState: 'DONE', client: '10.0.0.1:99999', clientSocket: 1.5 });
    expect(problemsOf(json)).toEqual([
      '$.meta.pcap.format: Invalid option: expected one of "pcap"|"pcapng"|"unknown"',
      '$.meta.pcap.connections[0].client: port must be at most 65535',
      '$.meta.pcap.connections[0].clientSocket: expected a descriptor number >= 0',
      expect.stringMatching(/^\$\.meta\.pcap\.connections\[0\]\.clientState: Invalid option/),
      '$.meta.pcap.connectionCount: required',
      '$.meta.pcap.skippedPackets: expected a whole number >= 0',
      '$.meta.pcap.problems[0].message: required',
    ]);
  });

  it('takes problems and an error with or without their French text (older files have only `message`)', () => {
    const json = asJson(printFlags());
    const pcap = json.meta.pcap;
    pcap.problems = [
      { packet: 1, message: 'not IP (EtherType 0x9000)' },
      {
        packet: 2,
        message: 'not IP (EtherType 0x9000)',
        text: { en: 'not IP (EtherType 0x9000)', fr: 'protocole autre qu’IP (EtherType 0x9000)' },
      },
    ];
    pcap.error = { offset: 24, message: 'pcap record at offset 24: header cut short (6 of 16 bytes)' };
    expect(problemsOf(json)).toEqual([]);
    pcap.error = { offset: 24, message: 'cut', text: { en: 'cut' } };
    (pcap.problems as Record<string, unknown>[])[1] = { packet: 2, message: 'x', text: 'x' };
    expect(problemsOf(json)).toEqual([
      expect.stringMatching(/^\$\.meta\.pcap\.problems\[1\]\.text: /),
      '$.meta.pcap.error.text.fr: required',
    ]);
  });

  it('bounds the connections listed', () => {
    const json = asJson(printFlags());
    const [connection] = json.meta.pcap.connections as unknown[];
    json.meta.pcap.connections = Array.from({ length: captureMetaLimits.maxConnections + 1 }, () => connection);
    expect(problemsOf(json)).toEqual([expect.stringMatching(/^\$\.meta\.pcap\.connections: Too big/)]);
  });

  it('leaves the meta of other traces alone: a real run’s `capture: true` is not capture metadata', () => {
    const real = { ...sampleTrace(), source: 'real', meta: { capture: true, packets: 'x' } };
    expect(validateTrace(real)).toEqual({ ok: true, trace: real });
  });
});

describe('files written before meta.pcap', () => {
  it('reads a version 2 file: the capture fields move into meta.pcap, the rest stays', () => {
    const old = previousLayout(printFlags());
    old.meta.producer = 'wirestep 0.1';
    const result = validateTrace(old);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.trace).toEqual({
      ...asJson(printFlags()),
      meta: { ...asJson(printFlags()).meta, producer: 'wirestep 0.1' },
    });
    // The JSON written back is the importer's own, byte for byte (meta.producer aside).
    delete result.trace.meta.producer;
    expect(JSON.stringify(result.trace)).toBe(JSON.stringify(printFlags()));
  });

  it('reads a version 1 file: states gain their reason, the capture fields move', () => {
    const v2 = printFlags();
    const v1 = previousLayout(v2) as Json & { events: Record<string, unknown>[] };
    v1.version = 1;
    for (const event of v1.events) if (event.kind === 'state') delete event.reason;
    const result = validateTrace(v1);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.trace.version).toBe(2);
    expect(result.trace.meta).toEqual(asJson(v2).meta);
    expect(result.trace.events.filter((e) => e.kind === 'state').every((e) => e.reason !== 'unknown')).toBe(true);
  });

  it('reports problems at the paths the file has them', () => {
    const old = previousLayout(printFlags());
    (old.meta.connections as Record<string, unknown>[])[0] = { id: -1 };
    delete old.meta.linkTypes;
    const problems = problemsOf(old);
    expect(problems).toContain('$.meta.linkTypes: required');
    expect(problems).toContain('$.meta.connections[0].id: expected a whole number >= 0');
    expect(problems).toContain('$.meta.connections[0].client: required');
  });

  it('keeps top-level fields as they are when meta.pcap is there too', () => {
    const json = asJson(printFlags());
    json.meta.packets = 'not mine';
    expect(validateTrace(json)).toEqual({ ok: true, trace: json });
  });
});
