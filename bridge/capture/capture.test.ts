// Real capture of tcp-echo on lo. Needs root (or cap_net_raw on tcpdump): skipped with the reason
// otherwise — except under CI (CI=true), which runs as root with tcpdump installed and must capture.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import type { SegmentEvent, TraceEvent } from '../../src/trace/types';
import { runReal } from '../runner/run-scenario';
import { Capture, captureAvailability, captureFilter } from './tcpdump';

const availability = await captureAvailability();
const inCi = process.env.CI === 'true';
const canCapture = availability.ok || inCi; // under CI a missing right is a failure, not a skip
if (!availability.ok) {
  console.warn(`capture tests ${inCi ? 'will fail (CI must capture)' : 'skipped'}: ${availability.reason}`);
}

/** tcpdump processes (not their lifeline.py) whose command line names this port. */
function tcpdumpsFor(port: number, program = /^\s*\d+ \S*tcpdump /): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => program.test(line) && line.includes(`port ${port}`));
}
const lifelinesFor = (port: number): string[] => tcpdumpsFor(port, /lifeline\.py/);

const offset = (): number => 20_000 + Math.floor(Math.random() * 30_000);

describe('captureFilter', () => {
  it('keeps the run’s ports and the ICMP errors between its addresses', () => {
    expect(captureFilter([8080], ['127.0.0.1', '127.0.0.2'])).toBe(
      '(((tcp or udp) and (port 8080)) or icmp) and (host 127.0.0.1 or host 127.0.0.2)',
    );
  });
});

describe.skipIf(!canCapture)('capture on lo', () => {
  it('captures tcp-echo: SYN, SYN+ACK, ACK, data both ways and FIN, with API events and ss states (tracepoints off)', async () => {
    if (!availability.ok) throw new Error(`CI=true but packets cannot be captured: ${availability.reason}`);
    const scenario = builtinScenarios.find((s) => s.id === 'tcp-echo') as Scenario;
    const streamed: TraceEvent[] = [];
    const trace = await runReal(
      scenario,
      { signal: new AbortController().signal, onEvent: (e) => streamed.push(e), onStatus: () => {} },
      { portOffset: offset(), tracepoints: false },
    );
    expect(trace.source).toBe('real');
    expect(trace.meta).toMatchObject({ states: 'ss', statesReason: 'tracepoints turned off for this run' });
    expect(trace.meta).toMatchObject({ scenario: 'tcp-echo', capture: true });
    expect(typeof trace.meta.kernel).toBe('string');
    expect(trace.hosts).toEqual([
      { name: 'server', addr: '127.0.0.1', sockets: ['tcp'] },
      { name: 'client', addr: '127.0.0.2', sockets: ['tcp'] },
    ]);
    const segments = trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
    const has = (from: string, ...flags: string[]): SegmentEvent | undefined =>
      segments.find((s) => s.from === from && flags.every((f) => s.flags.includes(f as SegmentEvent['flags'][0])));
    expect(has('client', 'SYN')?.flags).toEqual(['SYN']);
    expect(has('server', 'SYN', 'ACK')).toBeDefined();
    expect(segments.find((s) => s.from === 'client' && s.len === 14)).toBeDefined();
    expect(segments.find((s) => s.from === 'server' && s.len === 14)).toBeDefined();
    expect(has('server', 'FIN')).toBeDefined();
    expect(has('client', 'FIN')).toBeDefined();
    expect(segments.some((s) => s.from === 'client' && s.flags.join() === 'ACK')).toBe(true);
    // Segments carry the sender's real descriptor, found from the runner's addresses.
    expect(has('client', 'SYN')?.socket).toBe(3);
    expect(segments.find((s) => s.from === 'server' && s.len === 14)?.socket).toBe(4);
    // One clock: the SYN lies between the connect call and its return.
    const connectCall = trace.events.find((e) => e.kind === 'call' && e.call === 'connect');
    const connectReturn = trace.events.find((e) => e.kind === 'return' && e.call === 'connect');
    const syn = has('client', 'SYN');
    expect(syn!.t).toBeGreaterThanOrEqual(connectCall!.t);
    expect(syn!.t).toBeLessThanOrEqual(connectReturn!.t);
    // Sorted, and streamed live in the same order.
    expect(trace.events.every((e, i, all) => i === 0 || (all[i - 1] as TraceEvent).t <= e.t)).toBe(true);
    expect(streamed.length).toBe(trace.events.length);
    // The server closed first: ss sees its socket in TIME-WAIT after the run.
    const timeWait = trace.events.find((e) => e.kind === 'state' && e.to === 'TIME-WAIT' && e.inferred === false);
    expect(timeWait).toMatchObject({ host: 'server', socket: 4, cause: 'seen by ss' });
    expect(tcpdumpsFor(trace.meta.ports instanceof Array ? (trace.meta.ports[0] as number) : 0)).toEqual([]);
  }, 60_000);

  it('leaves no tcpdump behind after stop()', async () => {
    if (!availability.ok) throw new Error(`CI=true but packets cannot be captured: ${availability.reason}`);
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const capture = await Capture.start({ path: availability.path, ports: [port], addresses: ['127.0.0.1'] });
    expect(capture.running).toBe(true);
    expect(tcpdumpsFor(port)).toHaveLength(1);
    expect(lifelinesFor(port)).toHaveLength(1);
    await capture.stop();
    expect(capture.running).toBe(false);
    expect(tcpdumpsFor(port)).toEqual([]);
    expect(lifelinesFor(port)).toEqual([]);
    expect(capture.parse().format).toBe('pcap');
  }, 20_000);

  it('stops tcpdump and the programs when the run is aborted', async () => {
    if (!availability.ok) throw new Error(`CI=true but packets cannot be captured: ${availability.reason}`);
    const scenario = builtinScenarios.find((s) => s.id === 'tcp-refused') as Scenario; // ~7 s of backoff sleeps
    const controller = new AbortController();
    const portOffset = offset();
    const run = runReal(scenario, { signal: controller.signal, onEvent: () => {}, onStatus: () => {} }, { portOffset });
    setTimeout(() => controller.abort(), 500);
    await expect(run).rejects.toThrow(/cancelled/);
    expect(tcpdumpsFor(9000 + portOffset)).toEqual([]);
  }, 20_000);
});
