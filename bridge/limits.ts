// What the bridge lets a scenario do on this machine, on top of validateScenario: loopback
// addresses only, unprivileged ports, bounded steps, time and data. Also the rule that maps a
// scenario's hosts (the library uses 10.0.0.x) to distinct loopback addresses.
import { maxClientMessageBytes } from '../src/bridge-protocol/messages';
import { dataSpecBytes } from '../src/scenario/limits';
import type { DataSpec, Program, Scenario, Step } from '../src/scenario/schema';
import type { LocalizedText } from '../src/trace/types';

export const bridgeLimits = {
  /** Largest inbound WebSocket frame; a larger one closes the connection with 1009. */
  maxPayloadBytes: maxClientMessageBytes,
  /** Every step counts, nested ones (repeat, loop, accept spawn) included. */
  maxSteps: 2000,
  /** Steps executed in the worst case, loops unrolled. */
  maxExecutedSteps: 1_000_000,
  /** Sleeps and start delays of one program, loops unrolled; also the wall-clock cap of a run. */
  maxDurationMs: 120_000,
  maxSleepMs: 30_000,
  /** settimeout(): the longest a single call may block. */
  maxTimeoutSeconds: 30,
  maxSendBytes: 1 << 20,
  maxRecvBytes: 1 << 20,
  /** Bytes one program may send in the worst case, loops unrolled (variables count as empty). */
  maxTotalSendBytes: 64 << 20,
  minPort: 1024,
  maxPort: 65535,
  /** Runs at once on the whole bridge; each connection has at most one. */
  maxConcurrentRuns: 2,
  /** Trace events one run may stream before it is stopped. */
  maxEventsPerRun: 200_000,
  /** Bytes queued for a slow client before its run is stopped and it is disconnected. */
  maxBufferedBytes: 64 << 20,
  /** A connection with no message and no run for this long is closed (1000, "idle"). */
  idleTimeoutMs: 15 * 60_000,
} as const;

export type BridgeLimits = { -readonly [K in keyof typeof bridgeLimits]: number };

export interface LimitProblem {
  /** JSON path, as in validateScenario's problems. */
  path: string;
  text: LocalizedText;
}

// ---- addresses -------------------------------------------------------------------------------

/** The address every host maps to, as the runner must bind and connect. */
export interface LoopbackPlan {
  /** Host name -> loopback address. */
  hosts: Map<string, string>;
  /** Scenario address (a host's `addr`, or a subnet broadcast) -> loopback address. */
  addresses: Map<string, string>;
}

/** 127.255.255.255 is the broadcast address of lo: a broadcast there never leaves the machine. */
export const loopbackBroadcast = '127.255.255.255';

/**
 * The mapping rule: the server host gets 127.0.0.1 (the host named "server", else the first host
 * whose program calls listen(), else the first host); the others get 127.0.0.2, 127.0.0.3, ... in
 * declaration order. A host's subnet broadcast (x.y.z.255 of a /24) maps to 127.255.255.255, and
 * an address already in 127.0.0.0/8 maps to itself. bind() to 0.0.0.0 means the host's own
 * loopback address: the runner never binds the wildcard address, which would listen on every
 * interface.
 */
export function loopbackPlan(scenario: Scenario): LoopbackPlan {
  const server =
    scenario.hosts.find((h) => h.name === 'server') ??
    scenario.hosts.find((h) => scenario.programs.some((p) => p.host === h.name && hasListen(p.steps))) ??
    scenario.hosts[0];
  const ordered = [...(server === undefined ? [] : [server]), ...scenario.hosts.filter((h) => h !== server)];
  const plan: LoopbackPlan = { hosts: new Map(), addresses: new Map() };
  ordered.forEach((host, i) => {
    const loopback = `127.0.0.${i + 1}`;
    plan.hosts.set(host.name, loopback);
    plan.addresses.set(host.addr, loopback);
  });
  for (const host of scenario.hosts) {
    const broadcast = subnetBroadcast(host.addr);
    if (!plan.addresses.has(broadcast)) plan.addresses.set(broadcast, loopbackBroadcast);
  }
  return plan;
}

/** Where an address in a step goes on this machine, or undefined when the bridge refuses it. */
export function mapAddress(plan: LoopbackPlan, addr: string): string | undefined {
  return plan.addresses.get(addr) ?? (isLoopback(addr) ? addr : undefined);
}

export function isLoopback(addr: string): boolean {
  const octets = parseIpv4(addr);
  return octets !== undefined && octets[0] === 127;
}

/** RFC 1918 private ranges: safe labels for hosts, since every host is mapped to loopback. */
export function isPrivate(addr: string): boolean {
  const o = parseIpv4(addr);
  if (o === undefined) return false;
  const [a, b] = o;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function parseIpv4(addr: string): [number, number, number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (m === null) return undefined;
  const o = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
  return o.every((n) => n <= 255) ? o : undefined;
}

function subnetBroadcast(addr: string): string {
  return addr.replace(/\.\d+$/, '.255');
}

function hasListen(steps: readonly Step[]): boolean {
  return steps.some((s) => s.op === 'listen' || hasListen(children(s)));
}

function children(step: Step): readonly Step[] {
  if (step.op === 'repeat' || step.op === 'loop') return step.steps;
  if (step.op === 'accept') return step.spawn ?? [];
  return [];
}

// ---- the check -------------------------------------------------------------------------------

const isAddress = (host: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(host);

/** One pass over a scenario: what it found so far, and every step it counted. */
interface Check {
  readonly limits: BridgeLimits;
  readonly plan: LoopbackPlan;
  readonly problems: LimitProblem[];
  steps: number;
}

/** The worst case of one program, loops unrolled. */
interface Cost {
  executed: number;
  sentBytes: number;
  durationMs: number;
}

/**
 * Problems that keep a valid scenario from running on real sockets, each in English and French.
 * Call after validateScenario succeeded.
 */
export function checkBridgeLimits(scenario: Scenario, limits: BridgeLimits = bridgeLimits): LimitProblem[] {
  const check: Check = { limits, plan: loopbackPlan(scenario), problems: [], steps: 0 };
  checkHosts(check, scenario);
  scenario.programs.forEach((program, i) => checkProgram(check, program, `$.programs[${i}]`));
  if (check.steps > limits.maxSteps) {
    add(
      check,
      '$.programs',
      `the scenario has ${check.steps} steps (nested ones included); the bridge allows ${limits.maxSteps}`,
      `le scénario a ${check.steps} étapes (imbriquées comprises) ; le pont en autorise ${limits.maxSteps}`,
    );
  }
  return check.problems;
}

function add(check: Check, path: string, en: string, fr: string): void {
  check.problems.push({ path, text: { en, fr } });
}

function checkHosts(check: Check, scenario: Scenario): void {
  scenario.hosts.forEach((host, i) => {
    if (isLoopback(host.addr) || isPrivate(host.addr)) return;
    add(
      check,
      `$.hosts[${i}].addr`,
      `host "${host.name}" has the public address ${host.addr}; real runs stay on this machine, so use a private (10.x, 192.168.x) or loopback (127.x) address`,
      `l'hôte « ${host.name} » a l'adresse publique ${host.addr} ; les exécutions réelles restent sur cette machine : utilisez une adresse privée (10.x, 192.168.x) ou de bouclage (127.x)`,
    );
  });
}

/** Each step of the program, then its worst case against the per-program limits. */
function checkProgram(check: Check, program: Program, where: string): void {
  const { limits } = check;
  const cost: Cost = { executed: 0, sentBytes: 0, durationMs: program.startMs ?? 0 };
  walk(check, program.steps, `${where}.steps`, 1, cost);
  if (cost.executed > limits.maxExecutedSteps) {
    add(
      check,
      where,
      `program of "${program.host}" may run ${fmt(cost.executed)} steps (loops unrolled); the bridge allows ${fmt(limits.maxExecutedSteps)}`,
      `le programme de « ${program.host} » peut exécuter ${fmt(cost.executed)} étapes (boucles déroulées) ; le pont en autorise ${fmt(limits.maxExecutedSteps)}`,
    );
  }
  if (cost.durationMs > limits.maxDurationMs) {
    add(
      check,
      where,
      `program of "${program.host}" may wait ${seconds(cost.durationMs)} in start delay and sleeps; the bridge allows ${seconds(limits.maxDurationMs)}`,
      `le programme de « ${program.host} » peut attendre ${seconds(cost.durationMs)} (démarrage et sleep) ; le pont autorise ${seconds(limits.maxDurationMs)}`,
    );
  }
  if (cost.sentBytes > limits.maxTotalSendBytes) {
    add(
      check,
      where,
      `program of "${program.host}" may send ${fmt(cost.sentBytes)} bytes in all; the bridge allows ${fmt(limits.maxTotalSendBytes)}`,
      `le programme de « ${program.host} » peut envoyer ${fmt(cost.sentBytes)} octets au total ; le pont en autorise ${fmt(limits.maxTotalSendBytes)}`,
    );
  }
}

/** Adds the worst-case cost of running `list` `times` times; backoff sleeps grow per iteration. */
function walk(check: Check, list: readonly Step[], path: string, times: number, cost: Cost): void {
  list.forEach((step, i) => {
    const here = `${path}[${i}]`;
    check.steps += 1;
    cost.executed += times;
    checkStep(check, step, here);
    switch (step.op) {
      case 'sleep':
        cost.durationMs += step.backoff === undefined ? step.ms * times : backoffTotal(step.ms, step.backoff, times);
        break;
      case 'send':
      case 'sendall':
      case 'sendgroup':
      case 'sendto':
        cost.sentBytes += dataBytes(step.data) * times;
        break;
      case 'repeat':
        walk(check, step.steps, `${here}.steps`, times * step.times, cost);
        break;
      case 'loop':
        walk(check, step.steps, `${here}.steps`, times * step.max, cost);
        break;
      case 'accept':
        // A spawned thread runs once per accepted connection: count it with the accept's repetitions.
        if (step.spawn) walk(check, step.spawn, `${here}.spawn`, times, cost);
        break;
    }
  });
}

/** The limits of a single step: where it binds, connects and sends to, and how much it waits or moves. */
function checkStep(check: Check, step: Step, here: string): void {
  switch (step.op) {
    case 'bind':
      if (step.addr !== undefined && step.addr !== '0.0.0.0') checkAddress(check, step.addr, `${here}.addr`, 'bind');
      if (step.port !== 0) checkPort(check, step.port, `${here}.port`, true);
      break;
    case 'connect':
      if (isAddress(step.host)) checkAddress(check, step.host, `${here}.host`, 'connect');
      checkPort(check, step.port, `${here}.port`, false);
      break;
    case 'sendto':
      if (step.host !== undefined && isAddress(step.host)) checkAddress(check, step.host, `${here}.host`, 'sendto');
      if (step.port !== undefined) checkPort(check, step.port, `${here}.port`, false);
      break;
    case 'sleep':
      checkSleep(check, step.ms, here);
      break;
    case 'settimeout':
      if (step.seconds !== null) checkTimeout(check, step.seconds, here);
      break;
    case 'recv':
      checkRecv(check, step.max, here, 'max');
      break;
    case 'recvexact':
      checkRecv(check, step.bytes, here, 'bytes');
      break;
  }
  if ('data' in step) checkSend(check, step.op, step.data, here);
}

function checkSleep(check: Check, ms: number, here: string): void {
  const { maxSleepMs } = check.limits;
  if (ms <= maxSleepMs) return;
  add(
    check,
    `${here}.ms`,
    `sleep of ${seconds(ms)}; the bridge allows at most ${seconds(maxSleepMs)} per sleep`,
    `sleep de ${seconds(ms)} ; le pont autorise au plus ${seconds(maxSleepMs)} par sleep`,
  );
}

function checkTimeout(check: Check, timeoutSeconds: number, here: string): void {
  const { maxTimeoutSeconds } = check.limits;
  if (timeoutSeconds <= maxTimeoutSeconds) return;
  add(
    check,
    `${here}.seconds`,
    `a timeout of ${timeoutSeconds} s; the bridge allows at most ${maxTimeoutSeconds} s`,
    `un délai de ${timeoutSeconds} s ; le pont autorise au plus ${maxTimeoutSeconds} s`,
  );
}

function checkSend(check: Check, op: string, data: DataSpec, here: string): void {
  const bytes = dataBytes(data);
  const { maxSendBytes } = check.limits;
  if (bytes <= maxSendBytes) return;
  add(
    check,
    `${here}.data`,
    `${op} of ${fmt(bytes)} bytes; the bridge allows at most ${fmt(maxSendBytes)} bytes per send`,
    `${op} de ${fmt(bytes)} octets ; le pont autorise au plus ${fmt(maxSendBytes)} octets par envoi`,
  );
}

function checkAddress(check: Check, addr: string, path: string, call: string): void {
  if (mapAddress(check.plan, addr) !== undefined) return;
  add(
    check,
    path,
    `${call} to ${addr} refused: real runs stay on loopback (127.0.0.0/8), and ${addr} is neither loopback nor the address of a host of this scenario`,
    `${call} vers ${addr} refusé : les exécutions réelles restent sur l'interface de bouclage (127.0.0.0/8), et ${addr} n'est ni une adresse de bouclage ni celle d'un hôte du scénario`,
  );
}

function checkPort(check: Check, port: number, path: string, zeroAllowed: boolean): void {
  const { minPort, maxPort } = check.limits;
  if (port >= minPort && port <= maxPort) return;
  const range = `${minPort}..${maxPort}${zeroAllowed ? ' or 0' : ''}`;
  add(
    check,
    path,
    `port ${port} refused: real runs use unprivileged ports (${range})`,
    `port ${port} refusé : les exécutions réelles utilisent des ports non privilégiés (${range.replace(' or ', ' ou ')})`,
  );
}

function checkRecv(check: Check, bytes: number, here: string, field: string): void {
  const { maxRecvBytes } = check.limits;
  if (bytes <= maxRecvBytes) return;
  add(
    check,
    `${here}.${field}`,
    `receiving ${fmt(bytes)} bytes at once; the bridge allows at most ${fmt(maxRecvBytes)}`,
    `réception de ${fmt(bytes)} octets d'un coup ; le pont autorise au plus ${fmt(maxRecvBytes)}`,
  );
}

/** Bytes a data spec produces (one rule with validateScenario's, src/scenario/limits.ts). */
export const dataBytes = dataSpecBytes;

/** ms + ms*b + ... + ms*b^(n-1): the backoff sleeps of n iterations. */
function backoffTotal(ms: number, backoff: number, times: number): number {
  if (backoff === 1) return ms * times;
  return (ms * (Math.pow(backoff, times) - 1)) / (backoff - 1);
}

function fmt(n: number): string {
  return Number.isFinite(n) ? String(n) : 'unbounded';
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${Math.round(ms / 100) / 10} s` : 'unbounded time';
}
