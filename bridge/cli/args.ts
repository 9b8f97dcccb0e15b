// Command-line parsing, pure: argv in, a typed command out, or a UsageError with one readable line.
import { isIPv4, isIPv6 } from 'node:net';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { traceLimits } from '../../src/trace/validate';
import { UsageError } from './errors';

export type Profile = 'linux' | 'rfc';

export interface SimulateOptions {
  seed?: number;
  lossProbability?: number;
  latencyMs?: number;
  profile?: Profile;
}

export type Command =
  | { name: 'help' }
  | { name: 'scenarios' }
  | { name: 'simulate'; target: string; options: SimulateOptions }
  | { name: 'bench' }
  | { name: 'serve'; port: number }
  | { name: 'capture'; target: string; options: CaptureOptions }
  | { name: 'compare'; target: string; options: CaptureOptions }
  | { name: 'import'; file: string; names: Record<string, string> }
  | { name: 'packetdrill'; target: string; profile?: Profile; trace?: string }
  | { name: 'export'; target: string; format: ExportFormat; out: string; options: SimulateOptions };

export type ExportFormat = 'pcapng';

export interface CaptureOptions {
  /** capture: also write the Trace to this file; compare: write sim.json, real.json and report.json into this directory. */
  out?: string;
  /** Added to every port of the scenario (default: 0, or a free offset when a port is taken). */
  portOffset?: number;
  /**
   * Run on loopback even where each host could have its own network namespace, joined by the wire
   * that applies the lesson's link (the default whenever namespaces and TUN devices are permitted).
   */
  loopback?: boolean;
}

export const usage = `Usage: npm run --silent cli -- <command> [options]

Commands:
  scenarios                       list the built-in scenarios as JSON
  simulate <id|file.json>         simulate a scenario and print its Trace as JSON
      --seed N                    seed of the random generator (0 to 4294967295)
      --loss P                    probability of losing each packet, in [0, 1]
      --latency-ms N              one-way link latency in milliseconds
      --profile linux|rfc         TCP defaults: Linux's or the RFCs'
  capture <id|file.json>          run the scenario on real sockets, each host in its own network
                                  namespace joined by a wire that applies the lesson's link and faults
                                  (needs root and /dev/net/tun; else loopback, saying why); its Trace as JSON
      --out FILE                  also write the Trace to FILE
      --port-offset N             add N to every port of the scenario (loopback runs)
      --loopback                  run on loopback even where namespaces are permitted
      --link                      the default, said explicitly
  compare <id|file.json>          simulate (profile linux) and capture it; every difference as JSON
      --out DIR                   also write sim.json, real.json (the traces compared) and report.json
      --port-offset N, --loopback, --link   as for capture
  import <file>                   a pcap, pcapng or Trace JSON file (told apart by its first bytes) as a
                                  Trace; a capture's TCP states are inferred. A capture cut short still
                                  prints the Trace of the packets before the cut, and "FILE: cut at byte N:
                                  why" on stderr, with exit status 1
      --name ADDR:PORT=LABEL      name the host of an endpoint (repeatable; ADDR=LABEL names an address,
                                  [IPv6]:PORT=LABEL an IPv6 endpoint)
  packetdrill <file.pkt|dir>      run packetdrill scripts against the simulator (a scripted peer); prints
                                  { scripts: [{ path, status, line?, expected?, got?, reason? }], totals }
                                  with status pass, fail, unsupported or expected-difference; exit status 1
                                  when a failure is not listed in src/conformance/stack-differences.ts
      --profile linux|rfc         TCP defaults: Linux's (default) or the RFCs'
      --trace FILE                also write the run of the (one) script as a Trace the app opens
  export <id|file>                write a lesson (simulated), a Trace JSON or a capture as a pcapng file
      --format pcapng --out FILE  the file to write (--pcapng FILE says the same); prints
                                  { out, packets, skipped } as JSON
      --seed, --loss, --latency-ms, --profile   as for simulate, when exporting a lesson
  bench                           performance figures as JSON
  serve                           the app and the bridge on 127.0.0.1; prints one line, the URL with ?token=
      --port N                    TCP port (default 5173; 0 picks a free one)
  help                            this text

Errors go to stderr as one line; exit status 2 for a bad command line, 1 for a failure.`;

const profiles: readonly Profile[] = ['linux', 'rfc'];
const maxLatencyMs = 60_000;

export function parseCommandLine(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('missing command; run "help" for the list of commands');
  if (name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  if (rest.includes('--help') || rest.includes('-h')) return { name: 'help' };
  switch (name) {
    case 'scenarios':
      parse(name, rest, {}, 0);
      return { name: 'scenarios' };
    case 'bench':
      parse(name, rest, {}, 0);
      return { name: 'bench' };
    case 'simulate':
      return parseSimulate(rest);
    case 'serve':
      return parseServe(rest);
    case 'capture':
    case 'compare':
      return parseCapture(name, rest);
    case 'import':
      return parseImport(rest);
    case 'packetdrill':
      return parsePacketdrill(rest);
    case 'export':
      return parseExport(rest);
  }
  if (name.startsWith('-')) throw new UsageError(`expected a command before ${name}; run "help" for usage`);
  throw new UsageError(`unknown command "${name}"; run "help" for the list of commands`);
}

function parsePacketdrill(args: readonly string[]): Command {
  const flags = { profile: { type: 'string' }, trace: { type: 'string' } } as const;
  const { values, positionals } = parse('packetdrill', args, flags, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError('packetdrill needs a file.pkt or a directory of them');
  const command: Command = { name: 'packetdrill', target };
  if (values.profile !== undefined) command.profile = parseProfile(values.profile);
  if (values.trace !== undefined) command.trace = values.trace;
  return command;
}

function parseExport(args: readonly string[]): Command {
  const flags = {
    ...simulateFlags,
    format: { type: 'string' },
    out: { type: 'string' },
    pcapng: { type: 'string' },
  } as const;
  const { values, positionals } = parse('export', args, flags, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError('export needs a scenario id, a Trace .json or a capture');
  if (values.format !== undefined && values.format !== 'pcapng') {
    throw new UsageError(`unknown export format "${values.format}"; expected pcapng`);
  }
  if (values.pcapng !== undefined && values.out !== undefined) throw new UsageError('give --out or --pcapng, not both');
  const out = values.pcapng ?? values.out;
  if (out === undefined) throw new UsageError('export needs --out FILE (or --pcapng FILE)');
  const { options } = parseSimulate([target, ...simulateArgs(values)]) as { options: SimulateOptions };
  return { name: 'export', target, format: 'pcapng', out, options };
}

/** The simulate flags among `values`, back as arguments for parseSimulate. */
function simulateArgs(values: Record<string, unknown>): string[] {
  return Object.keys(simulateFlags).flatMap((flag) =>
    typeof values[flag] === 'string' ? [`--${flag}`, values[flag]] : [],
  );
}

function parseProfile(text: string): Profile {
  const profile = profiles.find((p) => p === text);
  if (profile === undefined) throw new UsageError(`unknown profile "${text}"; expected ${profiles.join(' or ')}`);
  return profile;
}

function parseCapture(name: 'capture' | 'compare', args: readonly string[]): Command {
  const { values, positionals } = parse(name, args, captureFlags, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError(`${name} needs a scenario id or a file.json`);
  const options: CaptureOptions = {};
  if (values.out !== undefined) options.out = values.out;
  const offset = values['port-offset'];
  if (offset !== undefined) {
    if (!/^-?\d+$/.test(offset) || Math.abs(Number(offset)) > 64_000) {
      throw new UsageError(`--port-offset must be an integer between -64000 and 64000, got "${offset}"`);
    }
    options.portOffset = Number(offset);
  }
  if (values.link === true && values.loopback === true) {
    throw new UsageError(`${name}: --link and --loopback contradict each other; give one`);
  }
  if (values.loopback === true) options.loopback = true;
  return { name, target, options };
}

function parseImport(args: readonly string[]): Command {
  const { values, positionals } = parse('import', args, { name: { type: 'string', multiple: true } }, 1);
  const file = positionals[0];
  if (file === undefined) throw new UsageError('import needs a file (.pcap, .pcapng or a Trace .json)');
  const names: Record<string, string> = {};
  for (const text of values.name ?? []) {
    const [key, label] = parseName(text);
    if (Object.hasOwn(names, key)) throw new UsageError(`--name: ${key} is named twice`);
    names[key] = label;
  }
  return { name: 'import', file, names };
}

/**
 * One --name value: "ADDR:PORT=LABEL", "[IPv6]:PORT=LABEL" or "ADDR=LABEL", as the key the importer
 * looks up (its endpoint text: RFC 5952 IPv6, in brackets with a port) and the label.
 */
export function parseName(text: string): [string, string] {
  const equals = text.indexOf('=');
  const label = equals < 0 ? '' : text.slice(equals + 1).trim();
  if (equals < 0 || label === '') {
    throw new UsageError(`--name expects ADDR:PORT=LABEL or ADDR=LABEL, got "${text}"`);
  }
  if (label.length > traceLimits.maxNameChars) {
    throw new UsageError(
      `--name: the label "${label.slice(0, 20)}..." is longer than ${traceLimits.maxNameChars} characters`,
    );
  }
  const endpoint = text.slice(0, equals).trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(endpoint);
  const ipv4 = /^([\d.]+)(?::(\d+))?$/.exec(endpoint);
  let addr: string | undefined;
  let port: string | undefined;
  if (bracketed !== null && isIPv6(bracketed[1] ?? '')) {
    addr = canonicalIpv6(bracketed[1] ?? '');
    port = bracketed[2];
  } else if (ipv4 !== null && isIPv4(ipv4[1] ?? '')) {
    addr = ipv4[1];
    port = ipv4[2];
  } else if (isIPv6(endpoint)) {
    addr = canonicalIpv6(endpoint);
  }
  if (addr === undefined) {
    throw new UsageError(
      `--name: "${endpoint}" is not an address or address:port (write an IPv6 endpoint as [ADDR]:PORT)`,
    );
  }
  if (port === undefined) return [addr, label];
  if (port.length > 5 || Number(port) > 65535) throw new UsageError(`--name: port ${port} is above 65535`);
  const key = addr.includes(':') ? `[${addr}]:${Number(port)}` : `${addr}:${Number(port)}`;
  return [key, label];
}

/** RFC 5952 text (lower case, longest zero run shortened), as the importer prints addresses. */
function canonicalIpv6(addr: string): string | undefined {
  // A zone ("%eth0") is not part of a captured address.
  if (addr.includes('%')) return undefined;
  try {
    return new URL(`http://[${addr}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** capture and compare take the same flags; --out is a file for one, a directory for the other. */
const captureFlags = {
  'port-offset': { type: 'string' },
  out: { type: 'string' },
  link: { type: 'boolean' },
  loopback: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

function parseSimulate(args: readonly string[]): Command {
  const { values, positionals } = parse('simulate', args, simulateFlags, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError('simulate needs a scenario id or a file.json');
  const options: SimulateOptions = {};
  if (values.seed !== undefined) options.seed = parseSeed(values.seed);
  if (values.loss !== undefined) {
    const loss = parseNumber('--loss', values.loss);
    if (loss < 0 || loss > 1) throw new UsageError(`--loss must be a probability between 0 and 1, got ${values.loss}`);
    options.lossProbability = loss;
  }
  if (values['latency-ms'] !== undefined) {
    const latency = parseNumber('--latency-ms', values['latency-ms']);
    if (latency < 0 || latency > maxLatencyMs) {
      throw new UsageError(`--latency-ms must be between 0 and ${maxLatencyMs}, got ${values['latency-ms']}`);
    }
    options.latencyMs = latency;
  }
  if (values.profile !== undefined) options.profile = parseProfile(values.profile);
  return { name: 'simulate', target, options };
}

/** The port `npm start` has always used (vite preview's). */
export const defaultServePort = 5173;

function parseServe(args: readonly string[]): Command {
  const { values } = parse('serve', args, { port: { type: 'string' } }, 0);
  if (values.port === undefined) return { name: 'serve', port: defaultServePort };
  if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  return { name: 'serve', port: Number(values.port) };
}

const simulateFlags = {
  seed: { type: 'string' },
  loss: { type: 'string' },
  'latency-ms': { type: 'string' },
  profile: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type Flags = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with its verbose errors turned into one short line. */
function parse<F extends Flags>(command: string, args: readonly string[], flags: F, maxPositionals: number) {
  let result;
  try {
    result = parseArgs({ args: [...args], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(command, error));
  }
  const extra = result.positionals[maxPositionals];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" for ${command}`);
  return result;
}

function describeParseError(command: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option} for ${command}; run "help" for usage`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('ambiguous')
        ? `${option} needs a value (write ${option}=VALUE for a value that starts with "-")`
        : `${option} needs a value`;
    default:
      return `${command}: ${message.split('\n')[0] ?? message}`;
  }
}

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${text}"`);
  }
  return Number(text);
}

function parseNumber(flag: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
    throw new UsageError(`${flag} must be a number, got "${text}"`);
  return Number(text);
}
