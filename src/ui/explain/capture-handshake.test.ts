// A capture's server socket is first seen leaving LISTEN for SYN-RECEIVED (the importer infers the
// listen from the SYN it answered), so the SYN was delivered to a listening socket: the
// explanation once said "no socket listens on that port: its kernel refuses the connection with
// RST" for every capture's handshake, with the SYN,ACK drawn just below.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../../trace/import';
import { stateBefore } from '../../trace/query';
import { explainAt } from './explain';

const fixtures = join(import.meta.dirname, '../../trace/import/fixtures');
const captures = readdirSync(fixtures).filter((name) => /\.pcap(ng)?$/.test(name));

describe("a capture's handshake", () => {
  it.each(captures)('%s: each SYN answered by its receiver reached a listening socket', (name) => {
    const trace = importCapture(new Uint8Array(readFileSync(join(fixtures, name))), { fileName: name });
    const states = stateBefore(trace);
    trace.events.forEach((event, index) => {
      if (event.kind !== 'deliver' || event.socket === undefined) return;
      const listened = trace.events.some(
        (later, at) =>
          at > index &&
          later.kind === 'state' &&
          later.host === event.host &&
          later.socket === event.socket &&
          later.from === 'LISTEN',
      );
      const explanation = explainAt(trace, index);
      if (!listened || explanation?.id.startsWith('deliver.syn') !== true) return;
      expect(states.at(index)).toBe('LISTEN');
      expect(explanation.id).toBe('deliver.synAtListener');
    });
  });

  it('has a capture with a handshake to check', () => {
    const trace = importCapture(new Uint8Array(readFileSync(join(fixtures, 'tcp-handshake-nano.pcap'))));
    const ids = trace.events.map((_, index) => explainAt(trace, index)?.id);
    expect(ids).toContain('deliver.synAtListener');
    expect(ids).not.toContain('deliver.synNoListener');
  });
});
