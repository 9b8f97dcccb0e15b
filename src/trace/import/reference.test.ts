// The importer gives the same Trace as the implementation recorded in
// fixtures/reference-traces.json (before the streaming rewrite, issue 15 finding 8 and issue 9's
// throughput floor), on every capture file of the fixtures and of ../shared/captures, damaged
// copies of each, and seeded random captures (test-reference-inputs.ts): a SHA-256 of each Trace's JSON.
// Re-record only for an intended change of the output: WIRESTEP_RECORD_REFERENCE=1 npx vitest run <this file>.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../types';
import { captureToTrace, importCapture, parseCapture, streamCaptureTrace, type TraceHead } from './index';
import { fixtureDir, referenceInputs, sharedDir } from './test-reference-inputs';

const recorded = join(fixtureDir, 'reference-traces.json');
const record = process.env.WIRESTEP_RECORD_REFERENCE === '1';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The Trace by the three ways in: they must agree with each other and with the recording. */
function traceJson(bytes: Uint8Array, name: string, names: Record<string, string> | undefined): string {
  const options = { fileName: name, ...(names === undefined ? {} : { names }) };
  const fromBytes = JSON.stringify(importCapture(bytes, options));
  const fromParsed = JSON.stringify(captureToTrace(parseCapture(bytes), options));
  let head: TraceHead | undefined;
  const events: TraceEvent[] = [];
  streamCaptureTrace(bytes, options, { head: (h) => (head = h), event: (e) => void events.push(e) });
  const streamed = JSON.stringify({ ...head, events });
  if (fromParsed !== fromBytes || streamed !== fromBytes) return `${name}: the three ways in disagree`;
  return fromBytes;
}

describe('importer reference', () => {
  const inputs = referenceInputs();

  it('gives the recorded Trace for every reference input', () => {
    const hashes = Object.fromEntries(
      inputs.map((input) => [input.name, sha256(traceJson(input.bytes, input.name, input.names))]),
    );
    if (record) writeFileSync(recorded, `${JSON.stringify(hashes, null, 1)}\n`);
    const expected = JSON.parse(readFileSync(recorded, 'utf8')) as Record<string, string>;
    // Without ../shared/captures only the inputs made here and from the fixtures are compared.
    const compared = Object.keys(expected).filter((name) => name in hashes || !name.startsWith('shared/'));
    expect(Object.keys(hashes).length).toBeGreaterThan(existsSync(sharedDir) ? 500 : 250);
    const differing = compared.filter((name) => hashes[name] !== expected[name]);
    expect(differing).toEqual([]);
  }, 60_000);
});
