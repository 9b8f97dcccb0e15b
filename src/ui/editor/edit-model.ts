// The lesson editor's pure logic (issue 13, "change the program"): a bounded undo history, the
// step tree of a program flattened into rows, the step list operations (add, remove, move), a
// new step of each op, and the placing of each validation problem on the row or field its JSON
// path names. The draft is plain JSON that may be invalid: the editor shows what the learner
// typed, and validation (src/scenario/validate.ts) says what is wrong with it and where.
import { jsonPath } from '../../encoding/json-path';
import { SOCKET_OPTIONS } from '../../tcp';

export type Json = unknown;
export type JsonObject = Record<string, unknown>;
/** Keys and indices from the scenario's root to a value: ['programs', 0, 'steps', 2]. */
export type Loc = readonly (string | number)[];

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ---- history ----------------------------------------------------------------------------------

export const historyLimit = 100;

export interface History {
  past: Json[];
  present: Json;
  future: Json[];
  /** The field the last edit typed into: the next keystroke in it extends that edit. */
  lastKey?: string;
}

export function startHistory(present: Json): History {
  return { past: [], present, future: [] };
}

/**
 * A new draft. Keystrokes in one field (same `key`, one after another) are one edit, so undo
 * takes back the word typed, not a letter; any other edit starts a new one. At most
 * `historyLimit` edits are kept: the oldest is forgotten.
 */
export function record(history: History, next: Json, key?: string): History {
  if (next === history.present) return history;
  if (key !== undefined && key === history.lastKey) return { ...history, present: next, future: [] };
  const past = [...history.past, history.present];
  if (past.length > historyLimit) past.splice(0, past.length - historyLimit);
  return { past, present: next, future: [], lastKey: key };
}

export function undo(history: History): History {
  const previous = history.past[history.past.length - 1];
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo(history: History): History {
  if (history.future.length === 0) return history;
  const [next, ...future] = history.future;
  return { past: [...history.past, history.present], present: next, future };
}

// ---- reading and writing by location ----------------------------------------------------------

export function getIn(root: Json, loc: Loc): Json {
  let value: Json = root;
  for (const key of loc) {
    if (typeof key === 'number' ? !Array.isArray(value) : !isObject(value)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** A copy of `root` with the value at `loc` replaced (undefined removes an object's key). */
export function setIn(root: Json, loc: Loc, value: Json): Json {
  if (loc.length === 0) return value;
  const [key, ...rest] = loc;
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...(root as Json[])] : [];
    list[key] = setIn(list[key], rest, value);
    return list;
  }
  const object: JsonObject = isObject(root) ? { ...root } : {};
  const inner = setIn(object[key as string], rest, value);
  if (inner === undefined) delete object[key as string];
  else object[key as string] = inner;
  return object;
}

export const pathOf = (loc: Loc): string => jsonPath(loc);

// ---- steps ------------------------------------------------------------------------------------

/** Where a step holds other steps: an accept's spawned thread, a repeat's or a loop's body. */
const childLists = ['spawn', 'steps'] as const;

export interface StepRow {
  loc: Loc;
  /** `$.programs[0].steps[2]`: validation problems under it belong to this row. */
  path: string;
  depth: number;
  step: Json;
  /** Its position among its siblings, and how many they are. */
  index: number;
  count: number;
}

/** Every step of a program, nested ones after their parent, in program order. */
export function stepRows(draft: Json, program: number): StepRow[] {
  const rows: StepRow[] = [];
  const walk = (listLoc: Loc, depth: number): void => {
    const list = getIn(draft, listLoc);
    if (!Array.isArray(list)) return;
    list.forEach((step: Json, index) => {
      const loc = [...listLoc, index];
      rows.push({ loc, path: pathOf(loc), depth, step, index, count: list.length });
      for (const key of childLists) if (isObject(step) && Array.isArray(step[key])) walk([...loc, key], depth + 1);
    });
  };
  walk(['programs', program, 'steps'], 0);
  return rows;
}

/** A step's number as the learner reads it: `3`, or `4.1` for the first step an accept spawns. */
export function stepLabel(loc: Loc): string {
  return loc
    .slice(3)
    .filter((key): key is number => typeof key === 'number')
    .map((index) => index + 1)
    .join('.');
}

function splitLoc(loc: Loc): { listLoc: Loc; index: number } {
  return { listLoc: loc.slice(0, -1), index: loc[loc.length - 1] as number };
}

export function removeStep(draft: Json, loc: Loc): Json {
  const { listLoc, index } = splitLoc(loc);
  const list = getIn(draft, listLoc);
  if (!Array.isArray(list)) return draft;
  return setIn(
    draft,
    listLoc,
    list.filter((_, i) => i !== index),
  );
}

/** Moves a step among its siblings; returns the draft and the step's new location. */
export function moveStep(draft: Json, loc: Loc, delta: -1 | 1): { draft: Json; loc: Loc } {
  const { listLoc, index } = splitLoc(loc);
  const list = getIn(draft, listLoc);
  const target = index + delta;
  if (!Array.isArray(list) || target < 0 || target >= list.length) return { draft, loc };
  const next = [...(list as Json[])];
  [next[index], next[target]] = [next[target], next[index]];
  return { draft: setIn(draft, listLoc, next), loc: [...listLoc, target] };
}

/** Inserts a step into the list at `listLoc` (a program's `steps`, a `spawn`…) at `index`. */
export function insertStep(draft: Json, listLoc: Loc, index: number, step: Json): { draft: Json; loc: Loc } {
  const list = getIn(draft, listLoc);
  const next = Array.isArray(list) ? [...(list as Json[])] : [];
  const at = Math.max(0, Math.min(index, next.length));
  next.splice(at, 0, step);
  return { draft: setIn(draft, listLoc, next), loc: [...listLoc, at] };
}

/** The ops of the scenario schema's step union (src/scenario/schema.ts), in the course's order. */
export const stepOps = [
  'socket',
  'setsockopt',
  'settimeout',
  'bind',
  'listen',
  'accept',
  'connect',
  'send',
  'sendall',
  'sendgroup',
  'recv',
  'recvuntil',
  'recvexact',
  'recvframe',
  'sendto',
  'recvfrom',
  'shutdown',
  'close',
  'sleep',
  'repeat',
  'loop',
  'exit',
] as const;
export type StepOp = (typeof stepOps)[number];

export const socketOptions: readonly string[] = SOCKET_OPTIONS;

/** A valid step of each op, on `socket` (the socket the program used last, so it usually runs). */
export function stepTemplate(op: StepOp, socket: string): JsonObject {
  switch (op) {
    case 'socket':
      return { op, as: 'sock', type: 'tcp' };
    case 'setsockopt':
      return { op, socket, option: 'TCP_NODELAY', value: true };
    case 'settimeout':
      return { op, socket, seconds: 1 };
    case 'bind':
      return { op, socket, port: 8080 };
    case 'listen':
      return { op, socket, backlog: 1 };
    case 'accept':
      return { op, socket, as: 'conn' };
    case 'connect':
      return { op, socket, host: 'server', port: 8080 };
    case 'send':
    case 'sendall':
      return { op, socket, data: 'hello' };
    case 'sendto':
      return { op, socket, data: 'hello', host: 'server', port: 8080 };
    case 'sendgroup':
      return { op, group: 'clients', data: 'hello' };
    case 'recv':
    case 'recvfrom':
      return { op, socket, max: 1024 };
    case 'recvuntil':
      return { op, socket, delimiter: '\n', chunk: 1024 };
    case 'recvexact':
      return { op, socket, bytes: 4 };
    case 'recvframe':
    case 'close':
      return { op, socket };
    case 'shutdown':
      return { op, socket, how: 'SHUT_WR' };
    case 'sleep':
      return { op, ms: 100 };
    case 'repeat':
      return { op, times: 2, steps: [] };
    case 'loop':
      return { op, max: 10, steps: [] };
    case 'exit':
      return { op };
  }
}

/** The socket named last before `row` in its program (for a new step), else 's'. */
export function socketBefore(rows: readonly StepRow[], upTo: number): string {
  for (let i = Math.min(upTo, rows.length - 1); i >= 0; i--) {
    const step = rows[i]?.step;
    if (!isObject(step)) continue;
    if (typeof step.as === 'string' && (step.op === 'socket' || step.op === 'accept')) return step.as;
    if (typeof step.socket === 'string') return step.socket;
  }
  return 's';
}

function dataText(data: Json): string {
  if (typeof data === 'string') return JSON.stringify(data.length > 24 ? `${data.slice(0, 24)}…` : data);
  if (isObject(data) && typeof data.var === 'string') return data.var;
  if (isObject(data) && typeof data.bytes === 'number') return `${data.bytes} bytes`;
  const text = JSON.stringify(data) ?? '';
  return text.length > 28 ? `${text.slice(0, 28)}…` : text;
}

const str = (value: Json): string =>
  value === undefined ? '?' : typeof value === 'string' ? value : JSON.stringify(value);

/** A step as the call it makes, in the course's Python-like notation: `sendall(conn, "hi")`. */
export function stepSummary(step: Json): string {
  if (!isObject(step)) return str(step);
  const s = str(step.socket);
  switch (step.op) {
    case 'socket':
      return `${str(step.as)} = socket(${str(step.type)})`;
    case 'setsockopt':
      return `setsockopt(${s}, ${str(step.option)}, ${str(step.value)})`;
    case 'settimeout':
      return `settimeout(${s}, ${step.seconds === null ? 'None' : str(step.seconds)})`;
    case 'bind':
      return `bind(${s}, ${typeof step.addr === 'string' ? step.addr : '*'}:${str(step.port)})`;
    case 'listen':
      return `listen(${s}, ${str(step.backlog)})`;
    case 'accept':
      return `${str(step.as)} = accept(${s})`;
    case 'connect':
      return `connect(${s}, ${str(step.host)}:${str(step.port)})`;
    case 'send':
    case 'sendall':
    case 'sendto':
      return `${step.op}(${s}, ${dataText(step.data)})`;
    case 'sendgroup':
      return `sendgroup(${str(step.group)}, ${dataText(step.data)})`;
    case 'recv':
    case 'recvfrom':
      return `${typeof step.as === 'string' ? `${step.as} = ` : ''}${step.op}(${s}, ${str(step.max)})`;
    case 'repeat':
      return `repeat ${str(step.times)} ×`;
    case 'loop':
      return `loop (≤ ${str(step.max)})`;
    case 'sleep':
      return `sleep(${str(step.ms)} ms)`;
    case 'exit':
      return 'exit()';
    default:
      return `${str(step.op)}(${step.socket === undefined ? '' : s})`;
  }
}

// ---- problems ---------------------------------------------------------------------------------

interface Placed<P> {
  /** Problems by the anchor (a row's or a field's path) they fall under. */
  byAnchor: Map<string, P[]>;
  /** Problems under no anchor (shown at the top of the editor). */
  rest: P[];
}

/** True when `path` is `anchor` or a path inside it (`$.a[1]` holds `$.a[1].b`, not `$.a[10]`). */
export function within(path: string, anchor: string): boolean {
  if (!path.startsWith(anchor)) return false;
  const next = path.charAt(anchor.length);
  return next === '' || next === '.' || next === '[';
}

/** Puts each problem under the deepest anchor that holds its path (a nested step before its parent). */
export function placeProblems<P extends { path: string }>(
  problems: readonly P[],
  anchors: readonly string[],
): Placed<P> {
  const byAnchor = new Map<string, P[]>();
  const rest: P[] = [];
  for (const problem of problems) {
    let best: string | undefined;
    for (const anchor of anchors) {
      if (within(problem.path, anchor) && (best === undefined || anchor.length > best.length)) best = anchor;
    }
    if (best === undefined) rest.push(problem);
    else byAnchor.set(best, [...(byAnchor.get(best) ?? []), problem]);
  }
  return { byAnchor, rest };
}

/** The program a problem's path is in (`$.programs[1]…` → 1), or undefined. */
export function programOf(path: string): number | undefined {
  const match = /^\$\.programs\[(\d+)\]/.exec(path);
  return match === null ? undefined : Number(match[1]);
}

// ---- fields -----------------------------------------------------------------------------------

/**
 * What a number field's text means: empty is no value (an optional field is left out), a number
 * is that number, anything else stays text so that validation names it ("expected number").
 */
export function numberFromInput(text: string): Json {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : text;
}

/** The lesson copied under an id of its own (`my-tcp-echo`), so it no longer stands for the built-in one. */
export function newLessonFrom(draft: Json): Json {
  if (!isObject(draft)) return draft;
  const id = typeof draft.id === 'string' ? draft.id : 'lesson';
  return { ...draft, id: id.startsWith('my-') ? id : `my-${id}`.slice(0, 64) };
}
