// The interpreter of scenario programs: each thread is a generator that walks its steps and
// yields while a socket call blocks. Step paths ("0.3.1") name the step for the trace and UI.
import { maxFrameBytes, programNote } from '../scenario/program-notes';
import type { DataSpec, Step } from '../scenario/schema';
import type { Errno } from '../tcp';
import { concatBytes, indexOfBytes, markUniform, utf8Encode } from './bytes';
import type { Blocking, Kernel, Result } from './kernel';

export type Flow = 'next' | 'break' | 'exit';

export type Value =
  | { kind: 'socket'; fd: number }
  | { kind: 'bytes'; data: Uint8Array }
  | { kind: 'address'; addr: string; port: number };

/** What the interpreter needs from the simulation around it. */
export interface Runtime {
  readonly kernel: Kernel;
  /** Bytes read past a delimiter or frame, kept per descriptor for the next framed read. */
  readonly leftovers: Map<number, Uint8Array>;
  readonly groups: Map<string, number[]>;
  spawn(steps: readonly Step[], path: string, vars: Map<string, Value>): void;
  setStep(path: string): void;
  /** Counts one executed step or loop iteration against the run's bound (throws past it). */
  countStep(path: string): void;
  /** A descriptor the process now owns (closed for it when it exits). */
  own(fd: number): void;
  disown(fd: number): void;
  note(en: string, fr: string): void;
}

export class ProgramError extends Error {}

export function* runSteps(
  rt: Runtime,
  steps: readonly Step[],
  path: string,
  vars: Map<string, Value>,
  iteration: number,
): Blocking<Flow> {
  const paths = stepPaths(steps, path);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    const here = paths[i] as string;
    rt.countStep(here);
    rt.setStep(here);
    const flow = yield* runStep(rt, step, here, vars, iteration);
    if (flow !== 'next') return flow;
  }
  return 'next';
}

/** The paths of a step list's steps under `path`, kept for the last path each list ran under: a
 * loop body runs under the same path every iteration, and each of its calls records the path. */
const pathsByList = new WeakMap<readonly Step[], { path: string; paths: string[] }>();

function stepPaths(steps: readonly Step[], path: string): string[] {
  const known = pathsByList.get(steps);
  if (known !== undefined && known.path === path) return known.paths;
  const paths = steps.map((_, i) => `${path}.${i}`);
  pathsByList.set(steps, { path, paths });
  return paths;
}

type StepOf<K extends Step['op']> = Extract<Step, { op: K }>;

/** Where a step runs: the runtime, the thread's variables and the step's path (named in errors). */
interface Scope {
  readonly rt: Runtime;
  readonly vars: Map<string, Value>;
  readonly path: string;
}

function* runStep(rt: Runtime, step: Step, path: string, vars: Map<string, Value>, iteration: number): Blocking<Flow> {
  const at: Scope = { rt, vars, path };
  const k = rt.kernel;
  switch (step.op) {
    case 'socket':
      return openSocket(at, step);
    case 'setsockopt':
      return outcome(rt, step, k.setsockopt(socketOf(at, step.socket), step.option, step.value));
    case 'settimeout':
      return outcome(rt, step, k.settimeout(socketOf(at, step.socket), step.seconds));
    case 'bind':
      return outcome(rt, step, k.bind(socketOf(at, step.socket), step.addr ?? '0.0.0.0', step.port));
    case 'listen':
      return outcome(rt, step, k.listen(socketOf(at, step.socket), step.backlog));
    case 'accept':
      return yield* accept(at, step);
    case 'connect':
      return outcome(rt, step, yield* k.connect(socketOf(at, step.socket), step.host, step.port));
    case 'send':
    case 'sendall':
      return outcome(
        rt,
        step,
        yield* k.send(socketOf(at, step.socket), evalData(step.data, vars, path), step.op === 'sendall'),
      );
    case 'sendgroup':
      return yield* sendGroup(at, step);
    case 'recv':
      return yield* recv(at, step);
    case 'recvuntil':
      return yield* recvUntil(at, step);
    case 'recvexact':
      return yield* recvExactly(at, step);
    case 'recvframe':
      return yield* recvFrame(at, step);
    case 'sendto':
      return yield* sendTo(at, step);
    case 'recvfrom':
      return yield* recvFrom(at, step);
    case 'shutdown':
      return outcome(rt, step, k.shutdown(socketOf(at, step.socket), step.how));
    case 'close':
      return closeSocket(at, step);
    case 'sleep':
      yield* k.sleep(step.ms * (step.backoff ?? 1) ** iteration);
      return 'next';
    case 'repeat':
    case 'loop':
      return yield* repeat(at, step);
    case 'exit':
      return 'exit';
  }
}

function openSocket({ rt, vars }: Scope, step: StepOf<'socket'>): Flow {
  const result = rt.kernel.socket(step.type);
  if (result.ok) {
    vars.set(step.as, { kind: 'socket', fd: result.value });
    rt.own(result.value);
  }
  return outcome(rt, step, result);
}

function* accept(at: Scope, step: StepOf<'accept'>): Blocking<Flow> {
  const { rt, vars, path } = at;
  const result = yield* rt.kernel.accept(socketOf(at, step.socket));
  if (!result.ok) return outcome(rt, step, result);
  const fd = result.value;
  rt.own(fd);
  vars.set(step.as, { kind: 'socket', fd });
  if (step.group !== undefined) {
    const members = rt.groups.get(step.group) ?? [];
    members.push(fd);
    rt.groups.set(step.group, members);
  }
  if (step.spawn) rt.spawn(step.spawn, path, new Map(vars));
  return 'next';
}

function* sendGroup(at: Scope, step: StepOf<'sendgroup'>): Blocking<Flow> {
  const { rt, vars, path } = at;
  const data = evalData(step.data, vars, path);
  const except = step.exceptSocket !== undefined ? socketOf(at, step.exceptSocket) : -1;
  for (const fd of rt.groups.get(step.group) ?? []) {
    if (fd !== except) yield* rt.kernel.send(fd, data, true); // a member that left just reports its errno
  }
  return 'next';
}

function* recv(at: Scope, step: StepOf<'recv'>): Blocking<Flow> {
  const result = yield* at.rt.kernel.recv(socketOf(at, step.socket), step.max);
  if (!result.ok) return outcome(at.rt, step, result);
  if (step.as !== undefined) at.vars.set(step.as, { kind: 'bytes', data: result.value.bytes() });
  return result.value.length === 0 ? eof(step.onEof) : 'next';
}

function* recvUntil(at: Scope, step: StepOf<'recvuntil'>): Blocking<Flow> {
  const { rt, vars } = at;
  const fd = socketOf(at, step.socket);
  const delimiter = utf8Encode(step.delimiter);
  const leftover = rt.leftovers.get(fd) ?? new Uint8Array(0);
  // Linear in the bytes read: each chunk is searched once, with the delimiter's length - 1 bytes
  // before it (a delimiter may straddle two chunks), and the chunks are joined once at the end.
  const chunks = [leftover];
  let length = leftover.length;
  let end = indexOfBytes(leftover, delimiter);
  if (end >= 0) say(rt, programNote('alreadyRead'));
  while (end < 0) {
    const result = yield* rt.kernel.recv(fd, step.chunk);
    if (!result.ok) return outcome(rt, step, result);
    if (result.value.length === 0) {
      rt.leftovers.delete(fd);
      return eof(step.onEof);
    }
    const chunk = result.value.bytes();
    const overlap = tailBytes(chunks, delimiter.length - 1);
    const found = indexOfBytes(overlap.length === 0 ? chunk : concatBytes([overlap, chunk]), delimiter);
    if (found >= 0) end = length - overlap.length + found;
    chunks.push(chunk);
    length += chunk.length;
  }
  const buffer = chunks.length === 1 ? leftover : concatBytes(chunks);
  rt.leftovers.set(fd, buffer.slice(end + delimiter.length));
  if (step.as !== undefined) vars.set(step.as, { kind: 'bytes', data: buffer.slice(0, end) });
  return 'next';
}

/** The last `n` bytes of a list of chunks (fewer when the chunks hold fewer). */
function tailBytes(chunks: readonly Uint8Array[], n: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let need = n;
  for (let i = chunks.length - 1; i >= 0 && need > 0; i--) {
    const chunk = chunks[i] as Uint8Array;
    const part = chunk.subarray(Math.max(0, chunk.length - need));
    parts.unshift(part);
    need -= part.length;
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
}

function* recvExactly(at: Scope, step: StepOf<'recvexact'>): Blocking<Flow> {
  const read = yield* recvExact(at.rt, socketOf(at, step.socket), step.bytes, step.chunk);
  if (read === 'eof') return eof(step.onEof);
  if (!read.ok) return outcome(at.rt, step, read);
  if (step.as !== undefined) at.vars.set(step.as, { kind: 'bytes', data: read.value });
  return 'next';
}

/** A frame: a 4-byte big-endian length, then that many bytes. */
function* recvFrame(at: Scope, step: StepOf<'recvframe'>): Blocking<Flow> {
  const { rt, vars } = at;
  const fd = socketOf(at, step.socket);
  const header = yield* recvExact(rt, fd, 4, undefined);
  if (header === 'eof') return eof(step.onEof);
  if (!header.ok) return outcome(rt, step, header);
  const h = header.value;
  const length = (((h[0] ?? 0) << 24) | ((h[1] ?? 0) << 16) | ((h[2] ?? 0) << 8) | (h[3] ?? 0)) >>> 0;
  if (length > maxFrameBytes) {
    say(rt, programNote('frameTooLong', { length }));
    return 'exit';
  }
  const body =
    length === 0 ? ({ ok: true, value: new Uint8Array(0) } as const) : yield* recvExact(rt, fd, length, undefined);
  if (body === 'eof') return eof(step.onEof);
  if (!body.ok) return outcome(rt, step, body);
  if (step.as !== undefined) vars.set(step.as, { kind: 'bytes', data: body.value });
  return 'next';
}

function* sendTo(at: Scope, step: StepOf<'sendto'>): Blocking<Flow> {
  const { rt, vars, path } = at;
  let host = step.host;
  let port = step.port;
  if (step.toVar !== undefined) {
    const to = vars.get(step.toVar);
    if (to?.kind !== 'address') throw new ProgramError(`step ${path}: "${step.toVar}" is not an address`);
    host = to.addr;
    port = to.port;
  }
  if (host === undefined || port === undefined) throw new ProgramError(`step ${path}: sendto needs a destination`);
  return outcome(
    rt,
    step,
    yield* rt.kernel.sendto(socketOf(at, step.socket), evalData(step.data, vars, path), host, port),
  );
}

function* recvFrom(at: Scope, step: StepOf<'recvfrom'>): Blocking<Flow> {
  const { rt, vars } = at;
  const result = yield* rt.kernel.recvfrom(socketOf(at, step.socket), step.max);
  if (!result.ok) return outcome(rt, step, result);
  if (step.as !== undefined) vars.set(step.as, { kind: 'bytes', data: result.value.data });
  if (step.fromAs !== undefined) {
    const [addr = '', port = '0'] = result.value.from.split(':');
    vars.set(step.fromAs, { kind: 'address', addr, port: Number(port) });
  }
  return 'next';
}

function closeSocket(at: Scope, step: StepOf<'close'>): Flow {
  const { rt } = at;
  const fd = socketOf(at, step.socket);
  const result = rt.kernel.close(fd);
  if (result.ok) {
    rt.disown(fd);
    rt.leftovers.delete(fd);
  }
  return outcome(rt, step, result);
}

function* repeat(at: Scope, step: StepOf<'repeat' | 'loop'>): Blocking<Flow> {
  const count = step.op === 'repeat' ? step.times : step.max;
  for (let i = 0; i < count; i++) {
    at.rt.countStep(at.path); // an empty body still costs an iteration
    const flow = yield* runSteps(at.rt, step.steps, at.path, at.vars, i);
    if (flow === 'exit') return 'exit';
    if (flow === 'break') break;
  }
  return 'next';
}

function outcome(rt: Runtime, step: Step, result: Result<unknown>): Flow {
  return result.ok ? 'next' : onError(rt, step, result.errno);
}

function socketOf({ vars, path }: Scope, name: string): number {
  const value = vars.get(name);
  if (value?.kind !== 'socket') throw new ProgramError(`step ${path}: "${name}" is not a socket`);
  return value.fd;
}

function* recvExact(
  rt: Runtime,
  fd: number,
  n: number,
  chunk: number | undefined,
): Blocking<Result<Uint8Array> | 'eof'> {
  const leftover = rt.leftovers.get(fd) ?? new Uint8Array(0);
  // The chunks are kept in a list and joined once: linear in the bytes read.
  const chunks = leftover.length === 0 ? [] : [leftover];
  let length = leftover.length;
  while (length < n) {
    const want = Math.min(n - length, chunk ?? Number.MAX_SAFE_INTEGER);
    const result = yield* rt.kernel.recv(fd, want);
    if (!result.ok) return result;
    if (result.value.length === 0) {
      rt.leftovers.delete(fd);
      return 'eof';
    }
    chunks.push(result.value.bytes());
    length += result.value.length;
  }
  const buffer = chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(chunks);
  rt.leftovers.set(fd, buffer.slice(n));
  return { ok: true, value: buffer.slice(0, n) };
}

function eof(onEof: 'break' | 'exit' | 'continue' | undefined): Flow {
  if (onEof === 'break') return 'break';
  if (onEof === 'exit') return 'exit';
  return 'next';
}

function onError(rt: Runtime, step: Step, errno: Errno): Flow {
  // An expected errno goes on unless onError says otherwise; an unexpected one ends the thread.
  const expected = step.expect === undefined ? [] : Array.isArray(step.expect) ? step.expect : [step.expect];
  const policy = step.onError ?? (expected.includes(errno) ? 'continue' : 'exit');
  if (policy === 'exit') say(rt, programNote('threadStops', { call: step.op, errno }));
  return policy === 'continue' ? 'next' : policy;
}

/** The notes are shared with the real-socket runner (src/scenario/program-notes.ts). */
function say(rt: Runtime, text: { en: string; fr: string }): void {
  rt.note(text.en, text.fr);
}

/** `{ bytes: n }` data, made once per spec object and shared by every run of the scenario: program
 * data is never written to once made (src/sim/bytes.ts), and a 10 MB fill per run showed in the bench. */
const filledData = new WeakMap<object, Uint8Array>();

export function evalData(spec: DataSpec, vars: Map<string, Value>, path: string): Uint8Array {
  if (typeof spec === 'string') return utf8Encode(spec);
  if ('text' in spec) return utf8Encode(spec.text);
  if ('hex' in spec) {
    const out = new Uint8Array(spec.hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(spec.hex.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  if ('var' in spec) {
    const value = vars.get(spec.var);
    if (value?.kind !== 'bytes') throw new ProgramError(`step ${path}: "${spec.var}" holds no received bytes`);
    return value.data;
  }
  if ('json' in spec) return utf8Encode(JSON.stringify(spec.json) ?? 'null');
  if ('bytes' in spec) {
    let filled = filledData.get(spec);
    if (filled === undefined) {
      const byte = (spec.fill ?? 'x').charCodeAt(0) & 0xff;
      filled = new Uint8Array(spec.bytes).fill(byte);
      markUniform(filled, byte);
      filledData.set(spec, filled);
    }
    return filled;
  }
  if ('lengthPrefixed' in spec) {
    const body = evalData(spec.lengthPrefixed, vars, path);
    const n = body.length;
    return concatBytes([Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255), body]);
  }
  return concatBytes(spec.concat.map((part) => evalData(part, vars, path)));
}
