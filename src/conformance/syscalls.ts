// Syscall lines on the simulated socket API (src/sim/kernel.ts): the arguments a script writes
// mapped to the kernel's calls, and the result compared with the script's `= value` or
// `= -1 ERRNO`. Addresses are packetdrill's `...`: bind() takes the local port 8080, connect()
// the peer's address and port.
import { Kernel, O_NONBLOCK, O_RDWR, type Blocking, type ReadableOption, type Result } from '../sim/kernel';
import type { Expr, ScriptEvent, SyscallSpec } from './script';
import type { ScriptRun } from './peer';
import { PEER_ADDR, PEER_PORT, Stop } from './stop';
import { SOCKET_OPTIONS } from '../tcp';

type SettableOption = Parameters<Kernel['setsockopt']>[1];

export interface SyscallOutcome {
  expected: string;
  got: string;
  /** A stack-difference rule that let the line pass. */
  difference?: string;
}

export type SyscallRun =
  | { kind: 'done'; outcome: SyscallOutcome }
  | {
      kind: 'blocking';
      gen: Blocking<Result<unknown>>;
      finish: (result: Result<unknown>) => SyscallOutcome;
    };

/** errno aliases: BSD and Linux spell EAGAIN as EWOULDBLOCK too. */
const ERRNO_ALIASES: Record<string, string> = { EWOULDBLOCK: 'EAGAIN' };

const SYMBOLS: Record<string, number> = {
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR,
  O_NONBLOCK,
  SHUT_RD: 0,
  SHUT_WR: 1,
  SHUT_RDWR: 2,
};

const SETTABLE: readonly SettableOption[] = SOCKET_OPTIONS;

/** Buffer sizes read back by getsockopt(): the stacks size them differently (stack-differences.ts). */
const BUFFER_OPTIONS = new Set(['SO_RCVBUF', 'SO_SNDBUF']);

function unsupported(event: ScriptEvent, reason: string): Stop {
  return new Stop('unsupported', event.at, { reason });
}

/** A number from an expression: a literal, a known symbol, or an OR of them. */
function numberOf(expr: Expr | undefined, event: ScriptEvent): number {
  if (!expr) throw unsupported(event, 'missing argument');
  if (expr.kind === 'number') return expr.value;
  if (expr.kind === 'symbol' && expr.name in SYMBOLS) return SYMBOLS[expr.name] ?? 0;
  if (expr.kind === 'or') return expr.terms.reduce((acc, term) => acc | numberOf(term, event), 0);
  if (expr.kind === 'list' && expr.items.length === 1) return numberOf(expr.items[0], event);
  throw unsupported(event, `argument ${JSON.stringify(expr)}`);
}

function symbolOf(expr: Expr | undefined): string | null {
  return expr?.kind === 'symbol' ? expr.name : null;
}

/** `= 3` or `= -1 ECONNREFUSED` as the script writes it. */
function expectedText(spec: SyscallSpec): string {
  const r = spec.result;
  const value = r.kind === 'number' ? String(r.value) : r.kind === 'ellipsis' ? '...' : JSON.stringify(r);
  return spec.errno ? `= ${value} ${ERRNO_ALIASES[spec.errno] ?? spec.errno}` : `= ${value}`;
}

/** The kernel's result in the same notation; `...` in the script accepts any value. */
function gotText(spec: SyscallSpec, result: Result<unknown>, value: (v: unknown) => number): string {
  if (!result.ok) return `= -1 ${result.errno}`;
  if (spec.result.kind === 'ellipsis' && !spec.errno) return '= ...';
  return `= ${value(result.value)}`;
}

function outcomeOf(spec: SyscallSpec, result: Result<unknown>, value: (v: unknown) => number = Number): SyscallOutcome {
  return { expected: expectedText(spec), got: gotText(spec, result, value) };
}

const done = (spec: SyscallSpec, result: Result<unknown>): SyscallRun => ({
  kind: 'done',
  outcome: outcomeOf(spec, result),
});

const blocking = (
  spec: SyscallSpec,
  gen: Blocking<Result<unknown>>,
  value: (v: unknown) => number = Number,
): SyscallRun => ({ kind: 'blocking', gen, finish: (result) => outcomeOf(spec, result, value) });

/** getsockopt(fd, level, name, [value], [len]): the value is checked too. */
function getsockopt(run: ScriptRun, event: ScriptEvent, spec: SyscallSpec, fd: number): SyscallRun {
  const name = symbolOf(spec.args[2]);
  if (name === null || (name !== 'SO_ERROR' && !SETTABLE.includes(name as SettableOption)))
    throw unsupported(event, `getsockopt option ${name ?? '?'}`);
  const result = run.kernel.getsockopt(fd, name as ReadableOption);
  const outcome = outcomeOf(spec, result, () => 0);
  const want = spec.args[3];
  if (!result.ok || !want || want.kind !== 'list' || want.items.length !== 1) return { kind: 'done', outcome };
  const item = want.items[0];
  const wantValue = item?.kind === 'symbol' ? item.name : item?.kind === 'number' ? item.value : '...';
  if (wantValue === '...' || wantValue === result.value) return { kind: 'done', outcome };
  if (BUFFER_OPTIONS.has(name))
    return { kind: 'done', outcome: { ...outcome, difference: `buffer-size-${name.toLowerCase()}` } };
  return {
    kind: 'done',
    outcome: { expected: `[${wantValue}] ${outcome.expected}`, got: `[${String(result.value)}] ${outcome.got}` },
  };
}

function setsockopt(run: ScriptRun, event: ScriptEvent, spec: SyscallSpec, fd: number): SyscallRun {
  const name = symbolOf(spec.args[2]);
  if (name === null || !SETTABLE.includes(name as SettableOption))
    throw unsupported(event, `setsockopt option ${name ?? '?'}`);
  return done(spec, run.kernel.setsockopt(fd, name as SettableOption, numberOf(spec.args[3], event)));
}

function fcntl(run: ScriptRun, event: ScriptEvent, spec: SyscallSpec, fd: number): SyscallRun {
  const cmd = symbolOf(spec.args[1]);
  if (cmd === 'F_GETFL') return done(spec, run.kernel.fcntl(fd, 'F_GETFL'));
  if (cmd === 'F_SETFL') return done(spec, run.kernel.fcntl(fd, 'F_SETFL', numberOf(spec.args[2], event)));
  throw unsupported(event, `fcntl command ${cmd ?? '?'}`);
}

function connect(run: ScriptRun, spec: SyscallSpec, fd: number): SyscallRun {
  const gen = run.kernel.connect(fd, PEER_ADDR, PEER_PORT);
  const sock = run.socketOf(fd);
  // The socket's port is chosen inside connect(); run its first step so the peer can address it.
  const first = gen.next(false);
  if (sock) run.ports = { local: sock.localPort, remote: PEER_PORT };
  if (first.done) return done(spec, first.value);
  const resumed: Blocking<Result<unknown>> = (function* () {
    const timedOut: boolean = yield first.value;
    let next = gen.next(timedOut);
    while (!next.done) next = gen.next(yield next.value);
    return next.value;
  })();
  return { kind: 'blocking', gen: resumed, finish: (result) => outcomeOf(spec, result) };
}

/** Runs one syscall line; a blocking call comes back as a generator for the peer to resume. */
export function runSyscall(run: ScriptRun, event: ScriptEvent, spec: SyscallSpec): SyscallRun {
  const k = run.kernel;
  const fd = spec.name === 'socket' ? -1 : numberOf(spec.args[0], event);
  if (fd >= 0) run.currentFd = fd;
  switch (spec.name) {
    case 'socket': {
      const type = symbolOf(spec.args[1]);
      if (type !== 'SOCK_STREAM') throw unsupported(event, `socket type ${type ?? '?'}`);
      const result = k.socket('tcp');
      if (result.ok) run.currentFd = result.value;
      return done(spec, result);
    }
    case 'bind':
      return done(spec, k.bind(fd, '0.0.0.0', run.ports.local));
    case 'listen':
      return done(spec, k.listen(fd, numberOf(spec.args[1], event)));
    case 'accept':
      return blocking(spec, k.accept(fd));
    case 'connect':
      return connect(run, spec, fd);
    case 'write':
    case 'send':
      return blocking(spec, k.send(fd, new Uint8Array(numberOf(spec.args[2], event)), false));
    case 'read':
    case 'recv':
      return blocking(spec, k.recv(fd, numberOf(spec.args[2], event)), (v) => (v as { length: number }).length);
    case 'shutdown': {
      const how = symbolOf(spec.args[1]);
      if (how !== 'SHUT_WR' && how !== 'SHUT_RD' && how !== 'SHUT_RDWR') throw unsupported(event, `shutdown ${how}`);
      return done(spec, k.shutdown(fd, how));
    }
    case 'close':
      return done(spec, k.close(fd));
    case 'setsockopt':
      return setsockopt(run, event, spec, fd);
    case 'getsockopt':
      return getsockopt(run, event, spec, fd);
    case 'fcntl':
      return fcntl(run, event, spec, fd);
    default:
      throw unsupported(event, `system call ${spec.name}`);
  }
}
