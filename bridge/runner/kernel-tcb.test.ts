// The kernel's TCB of a real run, from trace_pipe lines recorded on this machine's kernel (6.18):
// fixtures/trace-pipe-tcp-probe.txt is one real tcp-echo run (port 39314, the client at
// 127.0.0.2:37983) with sock:inet_sock_set_state, tcp:tcp_cong_state_set and tcp:tcp_probe.
// Its SYNs, from the same run's capture: the client's seq 3927267029, the server's 4165038786.
// This machine's congestion control is BBR (net.ipv4.tcp_congestion_control).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NoteEvent, SegmentEvent, TcbEvent, TraceEvent } from '../../src/trace/types';
import { validateTrace } from '../../src/trace/validate';
import { parseTraceLine, type TracepointRecord } from '../capture/tracepoints';
import { kernelTcbEvents, markRetransmissions } from './kernel-tcb';
import { mergeRun, SocketDirectory, type RunnerEvent } from './merge';

const lines = readFileSync(new URL('../capture/fixtures/trace-pipe-tcp-probe.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);
const records = lines.map(parseTraceLine).filter((r): r is TracepointRecord => r !== undefined);
const clock = { clock: 'mono' as const, offsetUs: 1_796_114_210_393_375.635, errorUs: 0.1 };
// The trace's time 0: the listener's LISTEN (10063.754352 s on the trace clock) came at 2104 µs.
const t0 = Math.round(10063_752248 + clock.offsetUs);
const rel = (t: number): number => t - t0;

const [server, client] = ['127.0.0.1:39314', '127.0.0.2:37983'];
const api: RunnerEvent[] = [
  { t: t0 + 1897, kind: 'call', host: 'server', socket: 3, call: 'listen', args: { backlog: 1 }, local: server },
  {
    t: t0 + 6159,
    kind: 'call',
    host: 'client',
    socket: 3,
    call: 'connect',
    args: { addr: '127.0.0.1', port: 39314 },
    local: client,
  },
  {
    t: t0 + 8673,
    kind: 'return',
    host: 'server',
    socket: 3,
    call: 'accept',
    result: { fd: 4, peer: client },
    local: server,
    peer: client,
  },
];
const hosts = [
  { name: 'server', addr: '127.0.0.1' },
  { name: 'client', addr: '127.0.0.2' },
];

function segment(
  id: number,
  t: number,
  src: string,
  dst: string,
  flags: SegmentEvent['flags'],
  seq: number,
): SegmentEvent {
  const [from, to] = src === client ? ['client', 'server'] : ['server', 'client'];
  return {
    t,
    kind: 'segment',
    id,
    from,
    to,
    src,
    dst,
    flags,
    seq,
    ack: 0,
    window: 65535,
    len: 0,
    options: {},
    payload: '',
  };
}
const syns: TraceEvent[] = [
  segment(1, 6252, client, server, ['SYN'], 3927267029),
  segment(2, 6265, server, client, ['SYN', 'ACK'], 4165038786),
];
const directory = SocketDirectory.fromApi(api);
const tcbs = (events: readonly TraceEvent[]): TcbEvent[] => events.filter((e): e is TcbEvent => e.kind === 'tcb');

describe('tcp:tcp_probe and tcp:tcp_cong_state_set lines', () => {
  it('reads every probe of the run with its absolute sequence numbers, windows, cwnd, ssthresh and srtt', () => {
    const probes = records.filter((r) => r.event === 'tcp_probe');
    expect(probes).toHaveLength(5);
    expect(probes[0]).toEqual({
      event: 'tcp_probe',
      monoUs: 10063_758705,
      task: 'python3',
      cpu: 0,
      local: server,
      peer: client,
      dataLen: 14,
      sndNxt: 0xf84172c3,
      sndUna: 0xf84172c3,
      cwnd: 10,
      ssthresh: 2147483647,
      sndWnd: 65536,
      srttUs: 24,
      rcvWnd: 65483,
      cookie: '107d',
    });
    expect(records.find((r) => r.event === 'tcp_cong_state_set')).toMatchObject({
      local: server,
      peer: client,
      congState: 0,
    });
  });

  it('skips IPv6 probes and probes with a missing number', () => {
    const probe = lines.find((l) => l.includes('tcp_probe:')) ?? '';
    expect(parseTraceLine(probe.replace('family=AF_INET ', 'family=AF_INET6 '))).toBeUndefined();
    expect(parseTraceLine(probe.replace(/src=\S+/, 'src=[::1]:39314'))).toBeUndefined();
    expect(parseTraceLine(probe.replace(/ snd_cwnd=\d+/, ''))).toBeUndefined();
  });

  it('reads the errno the kernel reports to a socket', () => {
    const line =
      '          <idle>-0       [001] ..s2.  5001.000300: inet_sk_error_report: family=AF_INET protocol=IPPROTO_TCP sport=37983 dport=39314 saddr=127.0.0.2 daddr=127.0.0.1 saddrv6=::ffff:127.0.0.2 daddrv6=::ffff:127.0.0.1 error=111';
    expect(parseTraceLine(line)).toMatchObject({
      event: 'inet_sk_error_report',
      local: client,
      peer: server,
      protocol: 'IPPROTO_TCP',
      error: 111,
    });
  });
});

describe('kernelTcbEvents', () => {
  const events = kernelTcbEvents({ records, clock, congestionControl: 'bbr' }, directory, syns, rel);

  it('gives each socket of the run a snapshot whenever a value changed: 2 for the server, 2 for the client', () => {
    const got = tcbs(events);
    expect(got.map((e) => `${e.host}/${e.socket}`)).toEqual(['server/4', 'client/3', 'client/3', 'server/4']);
    // The client's third probe (the server's FIN arriving) changed nothing: no snapshot.
    expect(events.filter((e) => e.kind === 'note')).toEqual([]);
  });

  it('holds the simulator’s names: absolute SND.UNA/SND.NXT, ISS and IRS from the SYNs, Linux’s IW10, srtt in µs', () => {
    const [serverFirst, clientFirst, clientSecond] = tcbs(events);
    expect(clientFirst).toEqual({
      t: 6464, // 10063.758712 s on the trace clock
      kind: 'tcb',
      host: 'client',
      socket: 3,
      state: 'ESTABLISHED',
      iss: 3927267029,
      irs: 4165038786,
      sndUna: 3927267030, // ISS + 1: the 14 bytes are not acknowledged yet as this ACK arrives
      sndNxt: 3927267044,
      sndWnd: 65483,
      rcvWnd: 65536,
      cwnd: 10,
      srttUs: 35,
    });
    // The infinite initial ssthresh is left out; RCV.NXT, the queues and the RTO are not reported;
    // BBR has no slow start to name.
    for (const field of ['ssthresh', 'rcvNxt', 'sendQueued', 'recvQueued', 'rtoMs', 'ccPhase'] as const) {
      expect(clientFirst).not.toHaveProperty(field);
    }
    expect(serverFirst).toMatchObject({ iss: 4165038786, irs: 3927267029, cwnd: 10, srttUs: 24 });
    // Slow start: the ACK of 14 new bytes grew cwnd by one segment (RFC 5681 3.1, tcp_slow_start()).
    expect(clientSecond).toMatchObject({ sndUna: 3927267044, cwnd: 11, srttUs: 32 });
  });

  it('leaves out sockets whose 4-tuple the runner never named, and says so when the SYNs are missing', () => {
    const phantom = lines
      .map((l) => parseTraceLine(l.replaceAll('37983', '37001')))
      .filter((r): r is TracepointRecord => r !== undefined);
    expect(kernelTcbEvents({ records: phantom, clock }, directory, syns, rel)).toEqual([]);
    const noSyns = kernelTcbEvents({ records, clock }, directory, [], rel);
    expect(tcbs(noSyns)).toEqual([]);
    expect((noSyns[0] as NoteEvent).text.en).toMatch(/SYNs were not captured/);
  });

  it('bounds the snapshots and says how many were left out', () => {
    const capped = kernelTcbEvents({ records, clock, probesDropped: 3 }, directory, syns, rel, 2);
    expect(tcbs(capped)).toHaveLength(2);
    expect((capped.at(-1) as NoteEvent).text.en).toBe(
      'kernel: 5 more TCB snapshots (tcp:tcp_probe) were left out after the first 2',
    );
  });

  it('names the phase under CUBIC: recovery from tcp_ca_state, else slow start below ssthresh and congestion avoidance above', () => {
    const probe = lines.find((l) => l.includes('tcp_probe:') && l.includes(`src=${client}`)) ?? '';
    const later = (line: string, us: number): string => line.replace('10063.758712', `10063.${String(758712 + us)}`);
    const avoidance = later(probe.replace('ssthresh=2147483647', 'ssthresh=7'), 100);
    const loss = lines
      .find((l) => l.includes('tcp_cong_state_set'))
      ?.replaceAll('39314', 'X')
      .replaceAll('37983', '39314')
      .replaceAll('X', '37983')
      .replace('saddr=127.0.0.1 daddr=127.0.0.2', 'saddr=127.0.0.2 daddr=127.0.0.1')
      .replace('cong_state=0', 'cong_state=4');
    const extra = [probe, avoidance, later(loss ?? '', 200), later(probe.replace('snd_cwnd=10', 'snd_cwnd=1'), 300)]
      .map(parseTraceLine)
      .filter((r): r is TracepointRecord => r !== undefined);
    expect(extra).toHaveLength(4);
    const phases = tcbs(kernelTcbEvents({ records: extra, clock, congestionControl: 'cubic' }, directory, syns, rel));
    expect(phases.map((e) => [e.cwnd, e.ssthresh, e.ccPhase])).toEqual([
      [10, undefined, 'slow-start'],
      [10, 7, 'congestion-avoidance'],
      [1, undefined, 'loss-recovery'],
    ]);
  });
});

describe('the kernel’s TCB in the merged Trace', () => {
  it('validates without RCV.NXT, queues and RTO', () => {
    const trace = mergeRun({
      scenarioId: 'tcp-echo',
      hosts,
      t0,
      api,
      ss: [],
      ports: [39314],
      kernel: { records, clock },
      meta: { states: 'tracepoints' },
    });
    // No capture here: the SYNs are unknown, so the TCB is left out with a note, and the Trace is valid.
    expect(validateTrace(trace).ok).toBe(true);
    expect(tcbs(trace.events)).toEqual([]);
    const withTcb = {
      ...trace,
      events: [...trace.events, ...kernelTcbEvents({ records, clock }, directory, syns, rel)],
    };
    withTcb.events.sort((a, b) => a.t - b.t);
    expect(tcbs(withTcb.events)).toHaveLength(4);
    expect(validateTrace(withTcb).ok).toBe(true);
  });
});

describe('a SYN-ACK sent again', () => {
  // This kernel's tcp:tcp_retransmit_synack print format, for the fixture's connection, 1.006305 s in.
  const line =
    '          <idle>-0       [000] ..s1. 10064.758553: tcp_retransmit_synack: family=AF_INET sport=39314 dport=37983 saddr=127.0.0.1 daddr=127.0.0.2 saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.2';

  it('marks the second SYN-ACK and says why in a note', () => {
    const record = parseTraceLine(line) as TracepointRecord;
    expect(record).toMatchObject({ event: 'tcp_retransmit_synack', local: server, peer: client });
    const events: TraceEvent[] = [...syns, segment(3, 1006300, server, client, ['SYN', 'ACK'], 4165038786)];
    markRetransmissions({ records: [record], clock }, events, rel);
    expect(events.map((e) => (e as SegmentEvent).retransmission)).toEqual([undefined, undefined, true]);
    const trace = mergeRun({
      scenarioId: 'tcp-echo',
      hosts,
      t0,
      api,
      ss: [],
      ports: [39314],
      kernel: { records: [record], clock },
      meta: {},
    });
    const notes = trace.events.flatMap((e) => (e.kind === 'note' ? [`${e.t} ${e.host ?? ''}: ${e.text.en}`] : []));
    expect(notes).toEqual([
      "1006305 server: kernel: SYN-ACK retransmitted from 127.0.0.1:39314 to 127.0.0.2:37983 (the handshake's final ACK had not come)",
    ]);
  });
});

// A real lossy transfer: 200,000 bytes from 10.9.1.2:59330 to 10.9.2.2:47000 through a router
// namespace whose egress queue (htb 4 Mbit/s, pfifo of 2 packets) dropped 38 segments, BBR on
// both ends. fixtures/trace-pipe-loss.txt is the kernel's side, fixtures/tcpdump-loss.txt the
// sender's capture (`tcpdump -tt -n -S`), which saw every original and every retransmission.
describe('a real transfer with losses', () => {
  const lossRecords = readFileSync(new URL('../capture/fixtures/trace-pipe-loss.txt', import.meta.url), 'utf8')
    .split('\n')
    .map(parseTraceLine)
    .filter((r): r is TracepointRecord => r !== undefined);
  const flagNames: Record<string, SegmentEvent['flags'][number]> = {
    S: 'SYN',
    '.': 'ACK',
    P: 'PSH',
    F: 'FIN',
    R: 'RST',
  };
  const tcpdumpLine =
    /^(\d+)\.(\d{6}) IP (\S+)\.(\d+) > (\S+)\.(\d+): Flags \[([^\]]*)\], (?:seq (\d+)(?::\d+)?, )?.*length (\d+)/;
  const captured = readFileSync(new URL('../capture/fixtures/tcpdump-loss.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, s = '', us = '', sa = '', sp = '', da = '', dp = '', flags = '', seq = '0', len = '0'] =
        tcpdumpLine.exec(line) ?? [];
      return { at: Number(s) * 1_000_000 + Number(us), src: `${sa}:${sp}`, dst: `${da}:${dp}`, flags, seq, len };
    });
  const start = (captured[0]?.at ?? 0) - 1000;
  const [sender, receiver] = ['10.9.1.2:59330', '10.9.2.2:47000'];
  const segments: SegmentEvent[] = captured.map((c, i) => ({
    ...segment(
      i + 1,
      c.at - start,
      c.src,
      c.dst,
      [...c.flags].flatMap((f) => flagNames[f] ?? []),
      Number(c.seq),
    ),
    len: Number(c.len),
  }));
  const lossApi: RunnerEvent[] = [
    {
      t: start + 950,
      kind: 'call',
      host: 'client',
      socket: 3,
      call: 'connect',
      args: { addr: '10.9.2.2', port: 47000 },
      local: sender,
    },
    {
      t: start + 1100,
      kind: 'return',
      host: 'server',
      socket: 3,
      call: 'accept',
      result: { fd: 4 },
      local: receiver,
      peer: sender,
    },
  ];
  const lossRel = (t: number): number => t - start;
  const kernel = { records: lossRecords, clock, congestionControl: 'bbr' };

  it('marks exactly the 38 segments the kernel retransmitted: each resends bytes sent before', () => {
    expect(captured).toHaveLength(267);
    const retransmits = lossRecords.filter((r) => r.event === 'tcp_retransmit_skb');
    expect(retransmits).toHaveLength(38);
    const events = segments.map((s) => ({ ...s }));
    markRetransmissions(kernel, events, lossRel);
    const marked = events.filter((s) => s.retransmission === true);
    expect(marked).toHaveLength(38);
    // Every resend (data whose seq and length the sender already sent) is marked, and nothing else.
    const sent = new Set<string>();
    for (const s of events) {
      const key = `${s.src} ${s.seq} ${s.len}`;
      expect([s.t, s.retransmission === true]).toEqual([s.t, s.len > 0 && sent.has(key)]);
      sent.add(key);
    }
  });

  it('shows the sender’s cwnd falling from 14 to 3 in fast recovery, ssthresh set by BBR, SRTT growing with the queue', () => {
    const events = tcbs(kernelTcbEvents(kernel, SocketDirectory.fromApi(lossApi), segments, lossRel));
    const client = events.filter((e) => e.host === 'client');
    expect(events.filter((e) => e.host === 'server').length).toBeGreaterThan(0);
    expect(client[0]).toMatchObject({ cwnd: 10, iss: 4244274043, irs: 4072245585 });
    expect(client[0]?.ccPhase).toBeUndefined(); // BBR's STARTUP is not RFC 5681's slow start
    const recovery = client.filter((e) => e.ccPhase === 'fast-recovery');
    expect(recovery.length).toBeGreaterThan(0);
    const peak = Math.max(...client.slice(0, client.indexOf(recovery[0] as TcbEvent)).map((e) => e.cwnd ?? 0));
    expect(peak).toBe(14);
    expect(Math.min(...recovery.map((e) => e.cwnd ?? 0))).toBe(3);
    // BBR leaves ssthresh infinite until it estimates the path's bandwidth-delay product.
    expect(client.find((e) => e.ssthresh !== undefined)?.ssthresh).toBe(136);
    const srtts = client.map((e) => e.srttUs ?? 0);
    expect(srtts[0]).toBe(64);
    expect(Math.max(...srtts)).toBeGreaterThan(5000);
  });
});
