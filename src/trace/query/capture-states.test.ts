// A capture's server socket is first seen leaving LISTEN (the importer infers the listen from the
// SYN it answered): its host's badge says LISTEN from the start, not CLOSED until the SYN-RECEIVED.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../import';
import { hostStates } from './cursor';

const fixture = (name: string) =>
  importCapture(new Uint8Array(readFileSync(join(import.meta.dirname, '../import/fixtures', name))), {
    fileName: name,
  });

describe("a capture's host badges", () => {
  it('show the server listening before its SYN-RECEIVED, and the client CLOSED before its SYN', () => {
    const trace = fixture('tcp-handshake-nano.pcap');
    const synReceived = trace.events.findIndex((e) => e.kind === 'state' && e.from === 'LISTEN');
    expect(synReceived).toBeGreaterThan(0);
    const server = trace.events[synReceived]!.kind === 'state' ? trace.events[synReceived].host : '';
    const client = trace.hosts.find((host) => host.name !== server)!.name;
    const at = (shown: number) =>
      Object.fromEntries(hostStates(trace, shown).map((s) => [s.host, s.kind === 'tcp' ? s.state : s.kind]));
    expect(at(0)).toEqual({ [server]: 'LISTEN', [client]: 'CLOSED' });
    expect(at(synReceived)).toMatchObject({ [server]: 'LISTEN', [client]: 'SYN-SENT' });
    expect(at(synReceived + 1)).toMatchObject({ [server]: 'SYN-RECEIVED' });
  });
});
