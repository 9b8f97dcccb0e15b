import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { Trace } from '../../trace/types';
import { mermaidText, toMermaid } from './mermaid';

const run = (id: string, options: Parameters<typeof simulate>[1] = {}): Trace => simulate(findScenario(id)!, options);
const echo = run('tcp-echo');

describe('toMermaid', () => {
  it('writes a sequence diagram with one participant per lane', () => {
    const text = toMermaid(echo);
    const lines = text.split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(text).toContain('participant server_fd3 as server fd 3');
    expect(text).toContain('participant server_fd4 as server fd 4');
    expect(text).toMatch(/participant client as client\n/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('draws segments as arrows and state changes as notes, in order', () => {
    const text = toMermaid(echo);
    expect(text).toContain('client->>server_fd3: SYN seq=0');
    expect(text).toMatch(/server_fd4->>client: SYN, ACK seq=0 ack=1/);
    expect(text).toContain('Note over client: SYN-SENT');
    expect(text).toContain('Note over client: ESTABLISHED');
    expect(text.indexOf('Note over client: SYN-SENT')).toBeLessThan(text.indexOf('Note over client: ESTABLISHED'));
    expect(text).toContain('Note over server_fd4: TIME-WAIT');
  });

  it('stops at the cursor', () => {
    const first = echo.events.findIndex((event) => event.kind === 'segment');
    const before = toMermaid(echo, { shownEvents: first });
    expect(before).not.toContain('->>');
    const after = toMermaid(echo, { shownEvents: first + 1 });
    expect(after.match(/->>/g)).toHaveLength(1);
  });

  it('follows the sequence-number mode and the language', () => {
    const absolute = toMermaid(echo, { seqMode: 'absolute' });
    expect(absolute).not.toContain('SYN seq=0\n');
    const fr = toMermaid(echo, { lang: 'fr' });
    expect(fr).toContain('as server fd 4');
  });

  it('crosses out lost packets and marks retransmissions', () => {
    const text = toMermaid(run('tcp-retransmission'), { lang: 'en' });
    expect(text).toMatch(/-x/);
    expect(text).toContain('(retransmission)');
  });

  it('draws datagrams, their loss and ICMP errors', () => {
    const udp = run('udp-echo');
    const text = toMermaid(udp);
    expect(text).toMatch(/->>[a-z_0-9]+: UDP len=/);
    const hasDrop = udp.events.some((event) => event.kind === 'drop');
    if (hasDrop) expect(text).toMatch(/-x[a-z_0-9]+: UDP len=/);
    const hasIcmp = udp.events.some((event) => event.kind === 'icmp');
    if (hasIcmp) expect(text).toMatch(/-->>[a-z_0-9]+: ICMP/);
  });

  it('shows a failed call as a note', () => {
    const text = toMermaid(run('time-wait-reuseaddr'));
    expect(text).toMatch(/Note over [a-z_0-9]+: bind\(\) → EADDRINUSE/);
  });
});

describe('mermaidText', () => {
  it('escapes the characters Mermaid reads as syntax', () => {
    expect(mermaidText('a;b #1\nc')).toBe('a#59;b #35;1 c');
  });
});

describe('toMermaid sends each packet where the diagram does', () => {
  /** The target participant of every arrow line, in order. */
  const targets = (text: string) => [...text.matchAll(/^ {2}\S+?(?:->>|-x|-->>)(\S+?):/gm)].map((m) => m[1]);

  it('tcp-retransmission: lost data goes to the accepted connection, not the listening socket', () => {
    const text = toMermaid(run('tcp-retransmission'));
    const lost = text.split('\n').filter((line) => line.includes('-x'));
    expect(lost.length).toBeGreaterThan(1);
    expect(lost.filter((line) => line.includes('SYN'))).toEqual([expect.stringContaining('-xserver_fd3:')]);
    for (const line of lost.filter((l) => !l.includes('SYN'))) expect(line).toContain('-xserver_fd4:');
  });

  it('udp-echo: the lost reply goes to the client, the closed port’s datagram to the server with no socket', () => {
    const text = toMermaid(run('udp-echo'));
    expect(text).toContain('participant server_kernel as server (no socket)');
    expect(text.split('\n').filter((line) => line.includes('-x'))).toEqual([
      expect.stringMatching(/^ {2}server\S*-xclient:/),
    ]);
    expect(text).toMatch(/client->>server_kernel: UDP/);
    expect(text).toMatch(/server_kernel-->>client: ICMP/);
  });

  it('tcp-timeout: the last RST goes to the server’s kernel, not the closed listening socket', () => {
    const text = toMermaid(run('tcp-timeout'));
    const rsts = text.split('\n').filter((line) => /: RST/.test(line));
    expect(rsts.at(-1)).toMatch(/^ {2}client_kernel->>server_kernel: RST/);
    expect(targets(text)).not.toContain(undefined);
  });
});
