// A packetdrill script reader for the basic subset: options (`--tolerance_usecs=...`), event
// times (absolute, `+t`, `*`, ranges `a~b`, blocking `t1...t2`), syscalls with their results and
// errno, packet lines with flags, relative seq:end(len), ack, win and TCP options, shell commands
// and `%{ }%` blocks. It follows the grammar of google/packetdrill (lexer.l, parser.y) and the
// nplab dialect (#ifdef/#ifndef/#else/#endif, `...(n)` for any sequence number). Anything else is
// a Problem with its line and column, so a script the simulator cannot run says why.
import type {
  EventBody,
  EventTime,
  Expr,
  PacketSpec,
  Position,
  Problem,
  Script,
  ScriptEvent,
  SyscallSpec,
  TcpOptionSpec,
} from './script';

/** The symbols `#ifdef` tests. The simulator follows the standards, so STANDARD by default. */
export const DEFAULT_DEFINES: readonly string[] = ['STANDARD'];

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Maps an offset in the text to a line and column. */
class Lines {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }

  at(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

/** Blanks comments and the lines #ifdef leaves out, keeping every offset where it was. */
function preprocess(text: string, defines: ReadonlySet<string>, problems: Problem[], lines: Lines): string {
  const out = blankComments(text);
  const rows = out.split('\n');
  /** One entry per open #if: whether its lines are kept. */
  const stack: { keep: boolean; parentKeeps: boolean }[] = [];
  let offset = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? '';
    const directive = /^\s*#\s*(ifdef|ifndef|else|endif|if|elif|define|undef|include)\b\s*(\S*)/.exec(row);
    const keeping = stack.every((s) => s.keep);
    if (directive) {
      const [, word, symbol = ''] = directive;
      if (word === 'ifdef' || word === 'ifndef') {
        const defined = defines.has(symbol);
        stack.push({ keep: keeping && (word === 'ifdef' ? defined : !defined), parentKeeps: keeping });
      } else if (word === 'else' && stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top) top.keep = top.parentKeeps && !top.keep;
      } else if (word === 'endif' && stack.length > 0) stack.pop();
      else problems.push({ ...lines.at(offset), message: `unsupported preprocessor directive #${word}` });
      rows[i] = ' '.repeat(row.length);
    } else if (!keeping) rows[i] = ' '.repeat(row.length);
    offset += row.length + 1;
  }
  if (stack.length > 0) problems.push({ ...lines.at(text.length), message: '#ifdef without #endif' });
  return rows.join('\n');
}

/** `//` and `/* *\/` comments become spaces (newlines kept); strings, backquotes and %{ }% are left alone. */
function blankComments(text: string): string {
  const chars = [...text];
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n') chars[k] = ' ';
  };
  while (i < chars.length) {
    const c = chars[i];
    if (c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? chars.length : end + 1;
    } else if (c === '%' && chars[i + 1] === '{') {
      const end = text.indexOf('}%', i + 2);
      i = end < 0 ? chars.length : end + 2;
    } else if (c === '/' && chars[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? chars.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && chars[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? chars.length : end + 2;
      blank(i, stop);
      i = stop;
    } else i++;
  }
  return chars.join('');
}

/** Splits the text into events: a newline ends one unless a bracket, string or %{ }% is open. */
function logicalLines(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  const flush = (end: number): void => {
    const chunk = text.slice(start, end);
    if (chunk.trim() !== '') out.push({ start, text: chunk });
    start = end + 1;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '%' && text[i + 1] === '{') {
      const end = text.indexOf('}%', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '\n' && depth === 0) flush(i);
    i++;
  }
  flush(text.length);
  return out;
}

/** A cursor over one event's text; offsets are absolute in the file. */
class Cursor {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  get offset(): number {
    return this.base + this.i;
  }

  skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.i >= this.text.length;
  }

  /** Consumes and returns the match of `re` (anchored here), after whitespace. */
  take(re: RegExp): string | null {
    this.skipSpace();
    const m = new RegExp(re.source, 'y' + re.flags.replace('y', ''));
    m.lastIndex = this.i;
    const found = m.exec(this.text);
    if (!found) return null;
    this.i += found[0].length;
    return found[0];
  }

  peek(re: RegExp): boolean {
    const save = this.i;
    const found = this.take(re);
    this.i = save;
    return found !== null;
  }

  expect(re: RegExp, what: string): string {
    const found = this.take(re);
    if (found === null)
      throw new ParseError(`expected ${what}, found ${this.rest().slice(0, 20) || 'end of line'}`, this.offset);
    return found;
  }

  rest(): string {
    this.skipSpace();
    return this.text.slice(this.i).trim();
  }

  /** Everything up to the closing `close`, with nesting of the opener (for parenthesised notes). */
  skipBalanced(open: string, close: string): string {
    const from = this.i;
    let depth = 0;
    for (; this.i < this.text.length; this.i++) {
      const c = this.text[this.i];
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.i++;
        return this.text.slice(from, this.i);
      }
    }
    throw new ParseError(`unclosed ${open}`, this.base + from);
  }
}

const NUMBER = /-?(0x[0-9a-fA-F]+|\d+(\.\d*)?|\.\d+)/;
const seconds = (s: string): number => Math.round(Number(s) * 1_000_000);
/** A time in seconds; not `0.` before `...`, so `+0...+0.2` reads as a blocking call. */
const TIME = /\d+(\.\d+)?|\.\d+/;

function parseTime(c: Cursor): { time: EventTime; returns?: ScriptEvent['returns'] } {
  if (c.take(/\*/)) return { time: { kind: 'any' } };
  const relative = c.take(/\+/) !== null;
  const start = seconds(c.expect(TIME, 'an event time'));
  const time: EventTime = relative ? { kind: 'relative', us: start } : { kind: 'absolute', us: start };
  if (c.take(/~/)) {
    c.take(/\+/);
    time.endUs = seconds(c.expect(TIME, 'the end of the time range'));
  }
  if (c.peek(/\.\.\.\s*\+?[\d.]/)) {
    c.take(/\.\.\./);
    const rel = c.take(/\+/) !== null;
    const end = seconds(c.expect(TIME, 'the blocking call’s return time'));
    return { time, returns: { kind: rel ? 'relative' : 'absolute', us: end } };
  }
  return { time };
}

function parseOptions(c: Cursor): TcpOptionSpec[] {
  const options: TcpOptionSpec[] = [];
  c.expect(/</, '<');
  if (c.take(/>/)) return options;
  for (;;) {
    const at = c.offset;
    const name = c.expect(/[A-Za-z][A-Za-z0-9_]*/, 'a TCP option');
    if (name === 'mss' || name === 'wscale') options.push({ name, values: [Number(c.expect(NUMBER, 'a number'))] });
    else if (name === 'TS') {
      c.expect(/val/, 'val');
      const val = Number(c.expect(NUMBER, 'a number'));
      c.expect(/ecr/, 'ecr');
      options.push({ name, values: [val, Number(c.expect(NUMBER, 'a number'))] });
    } else if (name === 'nop' || name === 'eol' || name === 'sackOK') options.push({ name, values: [] });
    else throw new ParseError(`unsupported TCP option ${name}`, at);
    if (c.take(/>/)) return options;
    c.expect(/,/, 'a comma or >');
  }
}

function parsePacket(c: Cursor): PacketSpec {
  const direction = c.expect(/[<>]/, '< or >') === '<' ? 'in' : 'out';
  const flags = c.expect(/[SFRPUEW.]+/, 'TCP flags');
  let seq: number | null = null;
  let len: number;
  if (c.take(/\.\.\./)) {
    // nplab: `...(n)` is any sequence number with a payload of n bytes.
    c.expect(/\(/, '(');
    len = Number(c.expect(/\d+/, 'a payload length'));
    c.expect(/\)/, ')');
  } else {
    const at = c.offset;
    seq = Number(c.expect(/\d+/, 'a sequence number'));
    c.expect(/:/, ':');
    const end = Number(c.expect(/\d+/, 'an end sequence number'));
    c.expect(/\(/, '(');
    len = Number(c.expect(/\d+/, 'a payload length'));
    c.expect(/\)/, ')');
    if (end - seq !== len) throw new ParseError(`${seq}:${end} is not ${len} bytes`, at);
  }
  const packet: PacketSpec = { kind: 'packet', direction, flags, seq, len, ack: null, window: null, options: null };
  for (;;) {
    if (c.atEnd()) return packet;
    const at = c.offset;
    if (c.take(/ack\b/)) packet.ack = Number(c.expect(/\d+/, 'an ack number'));
    else if (c.take(/win\b/)) packet.window = Number(c.expect(/\d+/, 'a window'));
    else if (c.peek(/</)) packet.options = parseOptions(c);
    else throw new ParseError(`unsupported packet field ${c.rest().split(/\s/)[0] ?? ''}`, at);
  }
}

function parseExpr(c: Cursor): Expr {
  const terms: Expr[] = [parseTerm(c)];
  while (c.take(/\|/)) terms.push(parseTerm(c));
  return terms.length === 1 ? (terms[0] as Expr) : { kind: 'or', terms };
}

function parseTerm(c: Cursor): Expr {
  if (c.take(/\.\.\./)) return { kind: 'ellipsis' };
  const n = c.take(NUMBER);
  if (n !== null) return { kind: 'number', value: Number(n) };
  const s = c.take(/"([^"\\]|\\.)*"/);
  if (s !== null) return { kind: 'string', value: s.slice(1, -1) };
  if (c.take(/\[/)) {
    const items: Expr[] = [];
    if (!c.take(/\]/)) {
      do items.push(parseExpr(c));
      while (c.take(/,/));
      c.expect(/\]/, ']');
    }
    return { kind: 'list', items };
  }
  if (c.peek(/\{/)) return { kind: 'struct', text: c.skipBalanced('{', '}') };
  const name = c.expect(/[A-Za-z_][A-Za-z0-9_]*/, 'an argument');
  return { kind: 'symbol', name };
}

function parseSyscall(c: Cursor): SyscallSpec {
  const name = c.expect(/[a-z_][a-z0-9_]*/, 'a system call');
  c.expect(/\(/, '(');
  const args: Expr[] = [];
  if (!c.take(/\)/)) {
    do args.push(parseExpr(c));
    while (c.take(/,/));
    c.expect(/\)/, ')');
  }
  c.expect(/=/, '=');
  const result = parseExpr(c);
  const errno = c.take(/E[A-Z0-9]+/);
  // `(Operation now in progress)` or `(flags O_RDWR)`: a note for the reader.
  if (c.peek(/\(/)) c.skipBalanced('(', ')');
  if (!c.atEnd()) throw new ParseError(`unexpected ${c.rest().slice(0, 20)}`, c.offset);
  return { kind: 'syscall', name, args, result, errno };
}

function parseBody(c: Cursor): EventBody {
  if (c.peek(/[<>]/)) return parsePacket(c);
  const shell = c.take(/`[^`]*`/);
  if (shell !== null) return { kind: 'shell', command: shell.slice(1, -1).trim() };
  const code = c.take(/%\{[\s\S]*?\}%/);
  if (code !== null) return { kind: 'code', text: code.slice(2, -2).trim() };
  if (c.peek(/[a-z_][a-z0-9_]*\s*\(/)) return parseSyscall(c);
  throw new ParseError(`unsupported event ${c.rest().slice(0, 30)}`, c.offset);
}

/** Reads a script; every line it cannot express is a Problem, and the rest is still read. */
export function parseScript(text: string, defines: readonly string[] = DEFAULT_DEFINES): Script {
  const lines = new Lines(text);
  const problems: Problem[] = [];
  const clean = preprocess(text, new Set(defines), problems, lines);
  const options: Record<string, string> = {};
  const events: ScriptEvent[] = [];
  for (const logical of logicalLines(clean)) {
    const lead = logical.text.length - logical.text.trimStart().length;
    const c = new Cursor(logical.text, logical.start);
    const at = lines.at(logical.start + lead);
    try {
      const option = /^\s*--([a-z_]+)(=(\S*))?\s*$/.exec(logical.text);
      if (option) {
        options[option[1] ?? ''] = option[3] ?? '';
        continue;
      }
      const { time, returns } = parseTime(c);
      const body = parseBody(c);
      if (!c.atEnd()) throw new ParseError(`unexpected ${c.rest().slice(0, 20)}`, c.offset);
      events.push(returns ? { at, time, returns, body } : { at, time, body });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push({ ...lines.at(e.offset), message: e.message });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { options, events, problems };
}
