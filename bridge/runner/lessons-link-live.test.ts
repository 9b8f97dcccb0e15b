// Every built-in lesson run for real under its own link (issue 10 item 4): each host in its own
// network namespace, joined by the wire that applies the lesson's link and faults
// (bridge/netns/link.ts), states from the kernel's tracepoints. Each lesson's state story must be
// the one the `linux` profile simulates under the same link, and the lessons the wire exists for
// must show what the simulation shows: the lost SYN resent by the kernel, keepalive's ETIMEDOUT,
// the broadcast's answers, the 5 ms link's 10 ms handshake. The lessons run one after the other,
// each bounded by its own time limit. Needs root, /dev/net/tun and tracefs: skipped with the
// reason otherwise, except under CI (CI=true), which must run them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import { simulate } from '../../src/sim';
import type { ReturnEvent, SegmentEvent, StateEvent, Trace } from '../../src/trace/types';
import { validateTrace } from '../../src/trace/validate';
import { tracepointAvailability } from '../capture/tracepoints';
import { linkAvailability } from '../netns/link';
import { stateStories, type Stories } from './lesson-stories';
import { runnability, runReal } from './run-scenario';

const tracing = await tracepointAvailability();
const link = linkAvailability(builtinScenarios[0] as Scenario);
const inCi = process.env.CI === 'true';
const reason = link.ok ? (tracing.ok ? '' : tracing.reason) : link.reason;
if (reason) console.warn(`every-lesson link tests ${inCi ? 'will fail (CI must run them)' : 'skipped'}: ${reason}`);

/** Every namespace the runs made (meta.namespaces): the last test checks none is left. */
const made: string[] = [];

async function run(scenario: Scenario): Promise<Trace> {
  const trace = await runReal(
    scenario,
    { signal: new AbortController().signal, onEvent: () => {}, onStatus: () => {} },
    { link: true },
  );
  made.push(...Object.values((trace.meta.namespaces ?? {}) as Record<string, string>));
  return trace;
}

const segments = (trace: Trace): SegmentEvent[] => trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
const returns = (trace: Trace, host: string, call: string): ReturnEvent[] =>
  trace.events.filter((e): e is ReturnEvent => e.kind === 'return' && e.host === host && e.call === call);

/**
 * Known, explained differences of the state stories under the link (on loopback tcp-timeout's
 * server is reset before its close() sends a FIN; under 5 ms of latency the FIN goes first, as
 * the simulation says, so it is not one of them):
 * - keepalive: the wire makes the crashed server's packets vanish, but its kernel lives on; when
 *   the run ends the runner stops its program and the kernel closes the connection (ESTABLISHED
 *   -> FIN-WAIT-1, the FIN lost: host down), where the simulated host's sockets vanish with it.
 */
const KNOWN: Record<string, (sim: Stories) => Stories> = {
  keepalive: (sim) => ({
    ...sim,
    server: (sim.server ?? [])
      .map((story) =>
        story.replace('LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSED', 'LISTEN>SYN-RECEIVED>ESTABLISHED>FIN-WAIT-1'),
      )
      .sort(),
  }),
};

/**
 * A story the real run may tell instead, when it did not meet the lesson's precondition (said on
 * the console, never silently): tcp-simultaneous-close's two close() calls are timed to cross on
 * the 5 ms link, and on a loaded machine one program may wake more than a latency late; then the
 * first FIN arrives before the other close() and the kernel closes the ordinary way.
 */
const ALTERNATIVES: Record<string, (real: Trace) => Stories | undefined> = {
  'tcp-simultaneous-close': (real) => {
    const closeAt = (host: string): number =>
      real.events.find((e) => e.kind === 'call' && e.host === host && e.call === 'close')?.t ?? Number.NaN;
    const apartMs = Math.abs(closeAt('server') - closeAt('client')) / 1000;
    if (!(apartMs >= 5)) return undefined;
    console.warn(`tcp-simultaneous-close: the close() calls were ${apartMs.toFixed(1)} ms apart, over the 5 ms link`);
    const first = closeAt('server') < closeAt('client') ? 'server' : 'client';
    const active = 'FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT';
    const passive = 'CLOSE-WAIT>LAST-ACK>CLOSED';
    return {
      client: [`CLOSED>SYN-SENT>ESTABLISHED>${first === 'client' ? active : passive}`],
      server: ['CLOSED>LISTEN>CLOSED', `LISTEN>SYN-RECEIVED>ESTABLISHED>${first === 'server' ? active : passive}`],
    };
  },
};

/** What each lesson must show beyond its state story. */
const checks: Record<string, (real: Trace, sim: Trace) => void> = {
  'tcp-echo': (real) => {
    // One round trip of a 5 ms link each way, plus the wire's and the kernel's work.
    const [syn, , ack] = segments(real);
    const handshakeMs = ((ack?.t ?? 0) - (syn?.t ?? 0)) / 1000;
    console.info(`tcp-echo handshake under the link: ${handshakeMs.toFixed(2)} ms`);
    expect(handshakeMs).toBeGreaterThan(9.5);
    expect(handshakeMs).toBeLessThan(18);
    // The kernel's 12 transitions, each stamped by the kernel (tracepoints), none by ss.
    expect(real.events.filter((e) => e.kind === 'state').length).toBe(12);
  },
  'tcp-retransmission': (real) => {
    const [first, second] = segments(real).filter((s) => s.flags.join() === 'SYN');
    const lost = real.events.find((e) => e.kind === 'drop' && e.id === first?.id);
    expect(lost).toMatchObject({ reason: 'fault rule 1' });
    const delayMs = ((second?.t ?? 0) - (first?.t ?? 0)) / 1000;
    console.info(`tcp-retransmission: the kernel resent the lost SYN after ${delayMs.toFixed(1)} ms`);
    // Linux's initial RTO, 1 s (RFC 6298 2.1, TCP_TIMEOUT_INIT), on its 4 ms timer tick.
    expect(delayMs).toBeGreaterThan(1000);
    expect(delayMs).toBeLessThan(1100);
    expect(second?.retransmission).toBe(true); // tcp:tcp_retransmit_skb said so
  },
  keepalive: (real) => {
    // The server vanished: every keepalive probe went unanswered, and the kernel gave up.
    const recvs = returns(real, 'client', 'recv');
    expect(recvs.at(-1)?.errno).toBe('ETIMEDOUT');
    const reported = real.events.some((e) => e.kind === 'note' && e.text.en.includes('ETIMEDOUT (110) reported'));
    expect(reported).toBe(true); // sock:inet_sk_error_report
    console.info(`keepalive: ETIMEDOUT at ${((recvs.at(-1)?.t ?? 0) / 1e6).toFixed(1)} s`);
  },
  'udp-discovery': (real, sim) => {
    // The broadcast reached every service, and each answer came back to the client.
    const answers = (trace: Trace): number => returns(trace, 'client', 'recvfrom').filter((r) => !r.errno).length;
    expect(answers(sim)).toBeGreaterThan(0);
    expect(answers(real)).toBe(answers(sim));
  },
  'udp-echo': (real, sim) => {
    // The lost datagram is lost for real too: the same number of datagrams dropped by the wire.
    const drops = (trace: Trace): number => trace.events.filter((e) => e.kind === 'drop').length;
    expect(drops(real)).toBe(drops(sim));
  },
};

describe.runIf(!reason || inCi)('every lesson under its own link: the kernel tells the simulated story', () => {
  it('runs every built-in lesson', () => {
    expect(builtinScenarios.length).toBeGreaterThanOrEqual(19);
    for (const scenario of builtinScenarios)
      expect(runnability(scenario, 'namespaces').runnable, scenario.id).toBe(true);
  });

  for (const scenario of builtinScenarios) {
    // The run's own limit (its sleeps, a crash found out by keepalive) and the wire's start and end.
    const timeoutMs = runnability(scenario, 'namespaces').timeLimitS * 1000 + 15_000;
    it(
      scenario.id,
      async () => {
        if (reason) throw new Error(`CI=true but lessons cannot run under their link: ${reason}`);
        const real = await run(scenario);
        expect(validateTrace(real).ok).toBe(true);
        expect(real.meta.link).toBe('namespaces');
        expect(real.meta.states).toBe('tracepoints');
        const sim = simulate(scenario, { profile: 'linux' });
        const want = stateStories(sim);
        const expected = KNOWN[scenario.id]?.(want) ?? want;
        const alternative = ALTERNATIVES[scenario.id]?.(real);
        expect(alternative === undefined ? [expected] : [expected, alternative]).toContainEqual(stateStories(real));
        checks[scenario.id]?.(real, sim);
      },
      timeoutMs,
    );
  }

  it('time-wait-reuseaddr run again shows no socket of the first run', async () => {
    if (reason) throw new Error(`CI=true but lessons cannot run under their link: ${reason}`);
    const scenario = builtinScenarios.find((s) => s.id === 'time-wait-reuseaddr') as Scenario;
    const first = await run(scenario);
    const second = await run(scenario);
    // Each run's hosts are fresh namespaces: the first run's TIME-WAIT went with its namespace,
    // and no state of the second belongs to a socket its programs did not open.
    const orphans = second.events.filter((e): e is StateEvent => e.kind === 'state' && e.socket < 0);
    expect(orphans).toEqual([]);
    expect(stateStories(second)).toEqual(stateStories(first));
    expect(second.events.filter((e) => e.kind === 'state').length).toBe(
      first.events.filter((e) => e.kind === 'state').length,
    );
  }, 60_000);

  it('leaves no namespace, wire, runner or tracefs instance behind', () => {
    // The namespaces every run above made (meta.namespaces), none of them still listed.
    const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    expect(made.filter((name) => listed.split('\n').some((l) => l.trim().split(' ')[0] === name))).toEqual([]);
    expect(made.length).toBeGreaterThan(0); // some run was checked
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    expect(children.split('\n').filter((l) => /wire\.py|tracefs_reader\.py|runner\.py/.test(l))).toEqual([]);
    // This process's tracefs instances (instances/wirestep-<pid>-<n>), in every tracefs mount.
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .filter((l) => l.split(' ')[2] === 'tracefs')
      .map((l) => l.split(' ')[1] ?? '');
    for (const mount of mounts) {
      const instances = existsSync(`${mount}/instances`) ? readdirSync(`${mount}/instances`) : [];
      expect(instances.filter((name) => name.startsWith(`wirestep-${process.pid}-`))).toEqual([]);
    }
  });
});
