// The tracefs record parser on trace_pipe lines recorded on this machine's kernel (6.18):
// fixtures/trace-pipe-tcp-echo.txt is one real tcp-echo run (port 39314, the client at
// 127.0.0.2:57247), fixtures/trace-pipe-resets.txt resets of other programs and of a refused
// connection. And the merge of those records into state events of the runner's descriptors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StateEvent } from '../../src/trace/types';
import { validateTrace } from '../../src/trace/validate';
import { mergeRun, type RunnerEvent } from '../runner/merge';
import { kernelStateName, parseTraceLine, realtimeUs, type TracepointRecord } from './tracepoints';

const fixture = (name: string): string[] =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);
const echoLines = fixture('trace-pipe-tcp-echo.txt');
const echoRecords = echoLines.map(parseTraceLine).filter((r): r is TracepointRecord => r !== undefined);

describe('parseTraceLine', () => {
  it('reads every inet_sock_set_state line of a real tcp-echo run: 12 transitions', () => {
    expect(echoRecords).toHaveLength(12);
    expect(echoRecords[0]).toEqual({
      event: 'inet_sock_set_state',
      monoUs: 4652_549744,
      task: 'python3',
      cpu: 0,
      local: '127.0.0.1:39314',
      peer: '0.0.0.0:*',
      from: 'CLOSED',
      to: 'LISTEN',
      oldstate: 'TCP_CLOSE',
      newstate: 'TCP_LISTEN',
    });
    const summary = echoRecords.map((r) => (r.event === 'inet_sock_set_state' ? `${r.local} ${r.from}->${r.to}` : ''));
    expect(summary).toEqual([
      '127.0.0.1:39314 CLOSED->LISTEN',
      '127.0.0.2:57247 CLOSED->SYN-SENT',
      '127.0.0.2:57247 SYN-SENT->ESTABLISHED',
      '127.0.0.1:39314 LISTEN->SYN-RECEIVED',
      '127.0.0.1:39314 SYN-RECEIVED->ESTABLISHED',
      '127.0.0.1:39314 ESTABLISHED->FIN-WAIT-1',
      '127.0.0.2:57247 ESTABLISHED->CLOSE-WAIT',
      '127.0.0.2:57247 CLOSE-WAIT->LAST-ACK',
      '127.0.0.1:39314 FIN-WAIT-1->FIN-WAIT-2',
      '127.0.0.1:39314 FIN-WAIT-2->CLOSED',
      '127.0.0.2:57247 LAST-ACK->CLOSED',
      '127.0.0.1:39314 LISTEN->CLOSED',
    ]);
  });

  it('reads resets sent (with the reason) and received, and a reset from a port nobody listens on', () => {
    const [sent, received, refused, refusedReceived] = fixture('trace-pipe-resets.txt').map(parseTraceLine);
    expect(sent).toMatchObject({
      event: 'tcp_send_reset',
      local: '127.0.0.1:37672',
      peer: '127.0.0.1:39193',
      reason: 'TCP_ABORT_ON_DATA',
      state: 'TCP_CLOSE',
      task: 'node',
    });
    expect(received).toMatchObject({ event: 'tcp_receive_reset', local: '127.0.0.1:39193', peer: '127.0.0.1:37672' });
    expect(refused).toMatchObject({ event: 'tcp_send_reset', reason: 'NO_SOCKET', state: 'UNKNOWN' });
    expect(refusedReceived).toMatchObject({ local: '127.0.0.2:57079', peer: '127.0.0.1:38080' });
  });

  it('reads a retransmission, and skips IPv6, other events and lines that are not records', () => {
    const retransmit =
      '          <idle>-0       [002] ..s1.  5001.000250: tcp_retransmit_skb: skbaddr=00000000a1 skaddr=00000000b2 family=AF_INET sport=40000 dport=8080 saddr=127.0.0.2 daddr=127.0.0.1 saddrv6=::ffff:127.0.0.2 daddrv6=::ffff:127.0.0.1 state=TCP_SYN_SENT err=0';
    expect(parseTraceLine(retransmit)).toMatchObject({
      event: 'tcp_retransmit_skb',
      task: '<idle>',
      cpu: 2,
      monoUs: 5001_000250,
      local: '127.0.0.2:40000',
      peer: '127.0.0.1:8080',
      state: 'TCP_SYN_SENT',
    });
    const v6 = echoLines[1]?.replace('family=AF_INET ', 'family=AF_INET6 ') ?? '';
    expect(parseTraceLine(v6)).toBeUndefined();
    expect(parseTraceLine('# tracer: nop')).toBeUndefined();
    expect(parseTraceLine('  bash-1 [000] ..... 1.000001: sched_switch: prev_comm=bash')).toBeUndefined();
    expect(parseTraceLine(echoLines[1]?.replace('IPPROTO_TCP', 'IPPROTO_MPTCP') ?? '')).toBeUndefined();
  });

  it('names every state of the kernel’s table the RFC 9293 way', () => {
    expect(kernelStateName('TCP_NEW_SYN_RECV')).toBe('SYN-RECEIVED');
    expect(kernelStateName('TCP_CLOSE')).toBe('CLOSED');
    expect(kernelStateName('TCP_FIN_WAIT2')).toBe('FIN-WAIT-2');
    expect(kernelStateName('TCP_BOUND_INACTIVE')).toBeUndefined();
  });

  it('maps the trace clock onto CLOCK_REALTIME with the offset read at the start', () => {
    const record = echoRecords[0] as TracepointRecord;
    expect(realtimeUs(record, { clock: 'mono', offsetUs: 1_000_000.4, errorUs: 0.1 })).toBe(4653_549744);
  });
});

// The runner's events of the fixture's run: listen, connect, accept (abridged), on the real ports.
const offsetUs = 1_796_114_210_393_375.6;
const t0 = Math.round(4652_549000 + offsetUs);
const api: RunnerEvent[] = [
  {
    t: t0 + 700,
    kind: 'call',
    host: 'server',
    socket: 3,
    call: 'listen',
    args: { backlog: 1 },
    local: '127.0.0.1:39314',
  },
  {
    t: t0 + 2300,
    kind: 'call',
    host: 'client',
    socket: 3,
    call: 'connect',
    args: { addr: '127.0.0.1', port: 39314 },
    local: '127.0.0.2:57247',
  },
  {
    t: t0 + 2800,
    kind: 'return',
    host: 'server',
    socket: 3,
    call: 'accept',
    result: { fd: 4, peer: '127.0.0.2:57247' },
    local: '127.0.0.1:39314',
    peer: '127.0.0.2:57247',
  },
];
const hosts = [
  { name: 'server', addr: '127.0.0.1' },
  { name: 'client', addr: '127.0.0.2' },
];

function merged(records: readonly TracepointRecord[], timeWait?: Set<string>): StateEvent[] {
  const kernel = { records, clock: { clock: 'mono' as const, offsetUs, errorUs: 0.1 } };
  const trace = mergeRun({
    scenarioId: 'tcp-echo',
    hosts,
    t0,
    api,
    ss: [],
    ports: [39314],
    kernel: timeWait === undefined ? kernel : { ...kernel, timeWait },
    meta: { states: 'tracepoints' },
  });
  expect(validateTrace(trace).ok).toBe(true);
  return trace.events.filter((e): e is StateEvent => e.kind === 'state');
}

describe('kernel states in the merged Trace', () => {
  it('puts each transition on the runner’s descriptor at the kernel’s time, as observed', () => {
    const states = merged(echoRecords, new Set(['127.0.0.1:39314 127.0.0.2:57247']));
    expect(states.map((s) => `${s.host}/${s.socket} ${s.from}->${s.to}`)).toEqual([
      'server/3 CLOSED->LISTEN',
      'client/3 CLOSED->SYN-SENT',
      'client/3 SYN-SENT->ESTABLISHED',
      'server/4 LISTEN->SYN-RECEIVED',
      'server/4 SYN-RECEIVED->ESTABLISHED',
      'server/4 ESTABLISHED->FIN-WAIT-1',
      'client/3 ESTABLISHED->CLOSE-WAIT',
      'client/3 CLOSE-WAIT->LAST-ACK',
      'server/4 FIN-WAIT-1->FIN-WAIT-2',
      'server/4 FIN-WAIT-2->TIME-WAIT',
      'client/3 LAST-ACK->CLOSED',
      'server/3 LISTEN->CLOSED',
    ]);
    expect(states.every((s) => s.reason === 'observed' && s.inferred === false)).toBe(true);
    // 4652.549744 s on the trace clock is 744 µs after t0 (4652.549000 s).
    expect(states[0]?.t).toBe(744);
    expect(states[1]?.t).toBe(2338);
    expect(states[3]?.causeText?.en).toMatch(/only when the final ACK/);
    expect(states[9]?.cause).toMatch(/TCP_FIN_WAIT2 → TCP_CLOSE; a timewait socket/);
  });

  it('keeps the kernel’s CLOSED when ss saw no TIME-WAIT socket for it', () => {
    const states = merged(echoRecords, new Set());
    expect(states[9]).toMatchObject({ from: 'FIN-WAIT-2', to: 'CLOSED' });
  });

  it('without ss, calls a close from FIN-WAIT-2 that no RST caused TIME-WAIT', () => {
    expect(merged(echoRecords)[9]).toMatchObject({ from: 'FIN-WAIT-2', to: 'TIME-WAIT' });
  });

  it('leaves out every socket whose exact 4-tuple the runner never named (an earlier run’s)', () => {
    const phantom = echoLines
      .slice(5, 10)
      .map((l) => parseTraceLine(l.replaceAll('57247', '57001')))
      .filter((r): r is TracepointRecord => r !== undefined);
    expect(phantom).toHaveLength(5);
    expect(merged([...echoRecords, ...phantom], new Set())).toHaveLength(12);
  });

  it('turns the run’s resets into notes and leaves other programs’ resets out', () => {
    const resets = fixture('trace-pipe-resets.txt')
      .map((l) => parseTraceLine(l.replaceAll('38080', '39314').replaceAll('57079', '57247')))
      .filter((r): r is TracepointRecord => r !== undefined);
    const trace = mergeRun({
      scenarioId: 'tcp-echo',
      hosts,
      t0: t0 - 20_000_000,
      api,
      ss: [],
      ports: [39314],
      kernel: { records: resets, clock: { clock: 'mono', offsetUs, errorUs: 0.1 } },
      meta: {},
    });
    const notes = trace.events.flatMap((e) => (e.kind === 'note' ? [`${e.host ?? ''}: ${e.text.en}`] : []));
    expect(notes).toEqual([
      'server: kernel: RST sent from 127.0.0.1:39314 to 127.0.0.2:57247 (reason NO_SOCKET, state UNKNOWN)',
      'client: kernel: RST received by 127.0.0.2:57247 from 127.0.0.1:39314',
    ]);
  });
});
