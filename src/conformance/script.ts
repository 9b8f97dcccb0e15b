// The parsed form of a packetdrill script: what the scripted peer (peer.ts) runs. The grammar is
// packetdrill's (google/packetdrill lexer.l and parser.y) for the basic subset, plus the nplab
// dialect the FreeBSD tcp-testsuite uses (#ifdef blocks, `...(n)` for "any sequence number").

/** Where something sits in the script file (1-based). */
export interface Position {
  line: number;
  column: number;
}

/** When an event happens: packetdrill's event_time. Times are in microseconds. */
export type EventTime =
  | { kind: 'absolute'; us: number; endUs?: number }
  /** `+t`: after the previous event; `+a~+b` is a range. */
  | { kind: 'relative'; us: number; endUs?: number }
  /** `*`: any time (only for packets). */
  | { kind: 'any' };

/** A syscall argument or result, as far as the runner needs to read it. */
export type Expr =
  | { kind: 'ellipsis' }
  | { kind: 'number'; value: number }
  | { kind: 'symbol'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'or'; terms: Expr[] }
  /** `[v]`: a value passed by pointer (setsockopt's and getsockopt's option value). */
  | { kind: 'list'; items: Expr[] }
  | { kind: 'struct'; text: string };

export interface TcpOptionSpec {
  name: string;
  /** mss 1460, wscale 7; TS val/ecr keep both numbers; flags (sackOK, nop, eol) none. */
  values: number[];
}

export interface PacketSpec {
  kind: 'packet';
  /** `<` the peer sends it (injected); `>` the socket under test must send it. */
  direction: 'in' | 'out';
  /** packetdrill's flag letters: S F R P . (ACK) U E W. */
  flags: string;
  /** Relative start sequence number and payload length; null start for nplab's `...(n)`. */
  seq: number | null;
  len: number;
  ack: number | null;
  window: number | null;
  /** null when the script gives no option list (then options are not checked). */
  options: TcpOptionSpec[] | null;
}

export interface SyscallSpec {
  kind: 'syscall';
  name: string;
  args: Expr[];
  result: Expr;
  /** `= -1 ECONNREFUSED (Connection refused)`: the errno name. */
  errno: string | null;
}

/** A shell command in backquotes (sysctl, sockstat, tcpdrop). */
export interface ShellSpec {
  kind: 'shell';
  command: string;
}

/** A `%{ ... }%` code block; only tcpi_state assertions are run, the rest is skipped. */
export interface CodeSpec {
  kind: 'code';
  text: string;
}

export type EventBody = PacketSpec | SyscallSpec | ShellSpec | CodeSpec;

export interface ScriptEvent {
  at: Position;
  time: EventTime;
  /** A blocking call's return time (`t1...t2 call`), relative to the start time when `+`. */
  returns?: { kind: 'absolute' | 'relative'; us: number };
  body: EventBody;
}

/** Something the importer cannot express, with where it is. */
export interface Problem extends Position {
  message: string;
}

export interface Script {
  /** `--name=value` lines (tolerance_usecs, ip_version, ...). */
  options: Record<string, string>;
  events: ScriptEvent[];
  problems: Problem[];
}
