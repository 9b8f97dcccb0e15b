// Validation of untrusted Trace JSON (CLI output read back, files dropped on the UI, bridge
// messages): every problem with its JSON path, as for scenarios. Extra fields are allowed.
import { z, type core } from 'zod';
import { nestingProblem } from '../encoding/json-depth';
import type { Problem } from '../encoding/json-path';
import { schemaProblem } from '../encoding/schema-problems';
import { ERRNOS, TCP_FLAGS, TCP_STATES } from '../tcp';
import { captureMetaSchema, legacyCaptureFields, withCaptureMeta } from './validate-capture';
import { upgradeFromVersion1 } from './version1';
import {
  STATE_CAUSES,
  congestionPhases,
  TRACE_VERSION,
  type CallEvent,
  type DatagramEvent,
  type DeliverEvent,
  type DropEvent,
  type IcmpEvent,
  type NoteEvent,
  type ReturnEvent,
  type SegmentEvent,
  type StateEvent,
  type TcbEvent,
  type TimerEvent,
  type Trace,
  type TraceEvent,
  type TraceHost,
  type TraceMeta,
} from './types';

export type { Problem } from '../encoding/json-path';

export type TraceValidationResult = { ok: true; trace: Trace } | { ok: false; problems: Problem[] };

/** Limits on what a trace may hold, so a hostile file cannot exhaust memory or time. */
export const traceLimits = {
  maxEvents: 5_000_000,
  maxHosts: 1024,
  /** Reported problems; validation stops looking after this many. */
  maxProblems: 100,
  maxNameChars: 256,
  maxTextChars: 100_000,
  /** Base64 characters of a segment or datagram payload (a full 64 KiB packet fits). */
  maxPayloadChars: 1 << 20,
  maxPacketBytes: 1 << 24,
  /** Levels of JSON arrays and objects (the trace is level 1), free-form fields (args, meta) included. */
  maxNestingDepth: 64,
} as const;

const tcpStates = TCP_STATES;
const tcpFlags = TCP_FLAGS;
const errnos = ERRNOS;
const timerKinds = ['retransmit', 'delayed-ack', 'time-wait', 'keepalive', 'persist', 'fin-wait-2', 'timeout'] as const;
const socketCalls = [
  'socket',
  'setsockopt',
  'settimeout',
  'bind',
  'listen',
  'accept',
  'connect',
  'send',
  'sendall',
  'recv',
  'sendto',
  'recvfrom',
  'shutdown',
  'close',
  'sleep',
  'fcntl',
  'getsockopt',
] as const;
export const eventKinds = [
  'call',
  'return',
  'state',
  'segment',
  'datagram',
  'icmp',
  'deliver',
  'drop',
  'timer',
  'tcb',
  'note',
] as const satisfies readonly TraceEvent['kind'][];

const isUint32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
const uint32 = z.number().refine(isUint32, 'expected a 32-bit unsigned integer (0 to 4294967295)');
const microseconds = z
  .number()
  .refine((n) => Number.isSafeInteger(n) && n >= 0, 'expected a whole number of microseconds >= 0');
const packetId = z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, 'expected an integer id >= 0');
/** -1 for calls made before a descriptor exists or without one (socket(), sleep()). */
const descriptor = z
  .number()
  .refine((n) => Number.isSafeInteger(n) && n >= -1, 'expected a descriptor number (>= 0, or -1 for none)');
const byteCount = z
  .number()
  .refine(
    (n) => Number.isInteger(n) && n >= 0 && n <= traceLimits.maxPacketBytes,
    `expected a byte count from 0 to ${traceLimits.maxPacketBytes}`,
  );
const name = z.string().min(1, 'expected a non-empty name').max(traceLimits.maxNameChars);
const text = z.string().max(traceLimits.maxTextChars);
/** `addr:port`, IPv4 or bracketed IPv6 (captures may hold either). */
const endpoint = z
  .string()
  .max(64)
  .regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d{1,5}$/, 'expected "addr:port", e.g. "10.0.0.1:8080"')
  .refine((s) => Number(s.slice(s.lastIndexOf(':') + 1)) <= 65535, 'port must be at most 65535');
const payload = z
  .string()
  .max(traceLimits.maxPayloadChars)
  .regex(/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'expected base64 (standard alphabet, padded)');
const objectRecord = z.record(z.string(), z.unknown());

const base = { t: microseconds, step: text.optional() };

const callSchema = z.object({
  ...base,
  kind: z.literal('call'),
  host: name,
  socket: descriptor,
  call: z.enum(socketCalls),
  args: objectRecord,
});
const returnBase = {
  ...base,
  kind: z.literal('return'),
  host: name,
  socket: descriptor,
  errno: z.enum(errnos).optional(),
};
/** Calls whose result is a number: a descriptor, a byte count, or 0. */
const numberCalls = socketCalls.filter(
  (call): call is Exclude<(typeof socketCalls)[number], 'accept' | 'recv' | 'recvfrom' | 'getsockopt'> =>
    call !== 'accept' && call !== 'recv' && call !== 'recvfrom' && call !== 'getsockopt',
);
const received = { bytes: byteCount, payload };
// One shape per call (types.ts CallResults), so consumers read `result` without guessing.
const returnSchema = z.discriminatedUnion('call', [
  z.object({ ...returnBase, call: z.enum(numberCalls), result: z.number().optional() }),
  z.object({
    ...returnBase,
    call: z.literal('accept'),
    result: z.object({ fd: descriptor, peer: endpoint.optional() }).optional(),
  }),
  z.object({ ...returnBase, call: z.literal('recv'), result: z.object(received).optional() }),
  z.object({ ...returnBase, call: z.literal('getsockopt'), result: z.union([z.number(), z.enum(errnos)]).optional() }),
  z.object({
    ...returnBase,
    call: z.literal('recvfrom'),
    result: z.object({ ...received, from: endpoint.optional() }).optional(),
  }),
]);
const stateSchema = z.object({
  ...base,
  kind: z.literal('state'),
  host: name,
  socket: descriptor,
  from: z.enum(tcpStates),
  to: z.enum(tcpStates),
  reason: z.enum(STATE_CAUSES),
  cause: text,
  causeText: z.object({ en: text, fr: text }).optional(),
  inferred: z.boolean().optional(),
});
const segmentSchema = z
  .object({
    ...base,
    kind: z.literal('segment'),
    id: packetId,
    from: name,
    to: name,
    src: endpoint,
    dst: endpoint,
    flags: z.array(z.enum(tcpFlags)).max(tcpFlags.length),
    seq: uint32,
    ack: uint32,
    window: uint32,
    windowRaw: z.number().int().min(0).max(0xffff).optional(),
    // RFC 7323 2.3: a shift is at most 14.
    windowShift: z.number().int().min(1).max(14).optional(),
    len: byteCount,
    options: objectRecord,
    payload,
    retransmission: z.boolean().optional(),
    probe: z.enum(['keepalive', 'zero-window']).optional(),
    socket: descriptor.optional(),
    crafted: z.number().int().min(1).max(64).optional(),
  })
  .refine(
    (s) =>
      s.windowRaw === undefined && s.windowShift === undefined
        ? true
        : s.windowRaw !== undefined && s.windowShift !== undefined && s.window === s.windowRaw * 2 ** s.windowShift,
    {
      message: 'expected windowRaw and windowShift together, with window = windowRaw × 2^windowShift',
      path: ['window'],
    },
  );
const datagramSchema = z.object({
  ...base,
  kind: z.literal('datagram'),
  id: packetId,
  from: name,
  to: name,
  src: endpoint,
  dst: endpoint,
  len: byteCount,
  payload,
  broadcast: z.boolean().optional(),
  copyOf: packetId.optional(),
  socket: descriptor.optional(),
});
const icmpSchema = z.object({
  ...base,
  kind: z.literal('icmp'),
  id: packetId,
  from: name,
  to: name,
  type: z.enum(['port-unreachable', 'host-unreachable']),
  about: packetId,
});
const deliverSchema = z.object({
  ...base,
  kind: z.literal('deliver'),
  id: packetId,
  host: name.optional(),
  socket: descriptor.optional(),
  duplicate: z.boolean().optional(),
  reason: text.optional(),
});
const dropSchema = z.object({ ...base, kind: z.literal('drop'), id: packetId, reason: text });
const timerSchema = z.object({
  ...base,
  kind: z.literal('timer'),
  host: name,
  socket: descriptor,
  timer: z.enum(timerKinds),
  action: z.enum(['set', 'fire', 'cancel']),
  at: microseconds.optional(),
});
const tcbSchema = z.object({
  ...base,
  kind: z.literal('tcb'),
  host: name,
  socket: descriptor,
  state: z.enum(tcpStates),
  iss: uint32,
  irs: uint32,
  sndUna: uint32,
  sndNxt: uint32,
  sndWnd: uint32,
  rcvNxt: uint32.optional(),
  rcvWnd: uint32,
  sendQueued: byteCount.optional(),
  recvQueued: byteCount.optional(),
  rtoMs: z.number().min(0).optional(),
  cwnd: z.number().int().min(0).optional(),
  ssthresh: z.number().int().min(0).optional(),
  ccPhase: z.enum(congestionPhases).optional(),
  srttUs: z.number().min(0).optional(),
});
const noteSchema = z.object({
  ...base,
  kind: z.literal('note'),
  host: name.optional(),
  text: z.object({ en: text, fr: text }),
});

const eventSchemas = {
  call: callSchema,
  return: returnSchema,
  state: stateSchema,
  segment: segmentSchema,
  datagram: datagramSchema,
  icmp: icmpSchema,
  deliver: deliverSchema,
  drop: dropSchema,
  timer: timerSchema,
  tcb: tcbSchema,
  note: noteSchema,
} as const satisfies Record<TraceEvent['kind'], z.ZodType>;

/** A v1 Trace has no `reason` on its state events; version1.ts supplies one. */
const version1Schemas = { ...eventSchemas, state: stateSchema.extend({ reason: z.enum(STATE_CAUSES).optional() }) };

const hostSchema = z.object({
  name,
  addr: z.string().min(1, 'expected an address').max(64),
  sockets: z
    .array(z.enum(['tcp', 'udp']))
    .max(2)
    .optional(),
});
const captureSchema = captureMetaSchema({ name, text, endpoint });
const metaSchema = z.object({
  scenario: text.optional(),
  seed: z.number().optional(),
  profile: z.enum(['linux', 'rfc']).optional(),
  file: text.optional(),
  pcap: captureSchema.optional(),
});

/** The document without its events, which are checked one by one (there may be millions). */
const headerSchema = z.object({
  format: z.literal('wirestep-trace'),
  version: z.union([z.literal(1), z.literal(TRACE_VERSION)]),
  source: z.enum(['sim', 'real', 'pcap']),
  meta: metaSchema,
  hosts: z.array(hostSchema).max(traceLimits.maxHosts),
  events: z.array(z.unknown()),
});

// Compile-time proof that the schemas and the types in ./types.ts describe the same shapes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchTypes: [
  Same<z.infer<typeof callSchema>, CallEvent>,
  Same<z.infer<typeof returnSchema>, ReturnEvent>,
  Same<z.infer<typeof stateSchema>, StateEvent>,
  Same<z.infer<typeof segmentSchema>, SegmentEvent>,
  Same<z.infer<typeof datagramSchema>, DatagramEvent>,
  Same<z.infer<typeof icmpSchema>, IcmpEvent>,
  Same<z.infer<typeof deliverSchema>, DeliverEvent>,
  Same<z.infer<typeof dropSchema>, DropEvent>,
  Same<z.infer<typeof timerSchema>, TimerEvent>,
  Same<z.infer<typeof tcbSchema>, TcbEvent>,
  Same<z.infer<typeof noteSchema>, NoteEvent>,
  Same<z.infer<typeof hostSchema>, TraceHost>,
  z.infer<typeof metaSchema> extends TraceMeta ? true : false,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true];
void schemasMatchTypes;

/** Turns "expected string, received undefined" (and the like for enums) into "required". */
const errorMap = (issue: { code?: string; input?: unknown; discriminator?: string }): string | undefined => {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return 'required';
  // A missing discriminator (a return's `call`) reads as missing, not as "invalid".
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && isRecord(issue.input))
    return issue.input[issue.discriminator] === undefined ? 'required' : undefined;
  return undefined;
};

class ProblemList {
  readonly problems: Problem[] = [];
  get full(): boolean {
    return this.problems.length >= traceLimits.maxProblems;
  }
  add(path: string, message: string, fr: string): void {
    if (!this.full) this.problems.push({ path, message, fr });
  }
  /** A schema's issues, worded in English and French (the checks below word theirs in English only). */
  addIssues(prefix: readonly PropertyKey[], issues: readonly core.$ZodIssue[]): void {
    for (const issue of issues) if (!this.full) this.problems.push(schemaProblem(issue, prefix));
  }
}

export function validateTrace(json: unknown): TraceValidationResult {
  const list = new ProblemList();
  // Checked before the schema so that a huge array is refused without walking it.
  if (isRecord(json) && Array.isArray(json.events) && json.events.length > traceLimits.maxEvents) {
    list.add(
      '$.events',
      `too many events: ${json.events.length} (at most ${traceLimits.maxEvents})`,
      `trop d'événements : ${json.events.length} (au plus ${traceLimits.maxEvents})`,
    );
    return { ok: false, problems: list.problems };
  }
  // Before the schema: whatever reads a trace next (JSON.stringify, structuredClone) recurses.
  const tooDeep = nestingProblem(json, traceLimits.maxNestingDepth);
  if (tooDeep !== undefined) return { ok: false, problems: [tooDeep] };
  const header = headerSchema.safeParse(json, { error: errorMap });
  if (!header.success) {
    list.addIssues([], header.error.issues);
    return { ok: false, problems: list.problems };
  }
  const hostNames = new Set<string>();
  header.data.hosts.forEach((host, i) => {
    if (hostNames.has(host.name))
      list.add(`$.hosts[${i}].name`, `duplicate host "${host.name}"`, `hôte « ${host.name} » en double`);
    hostNames.add(host.name);
  });
  checkLegacyCaptureMeta(json, list);
  const version1 = header.data.version === 1;
  checkEvents(header.data.events, hostNames, list, version1);
  if (list.problems.length === 0) {
    const trace = version1 ? upgradeFromVersion1(json) : (json as Trace);
    return { ok: true, trace: withCaptureMeta(trace) };
  }
  if (list.full)
    list.problems.push({
      path: '$',
      message: `stopped after ${traceLimits.maxProblems} problems`,
      fr: `arrêté après ${traceLimits.maxProblems} problèmes`,
    });
  return { ok: false, problems: list.problems };
}

/** Parses text then validates; a JSON syntax error becomes a problem at `$`. */
export function parseTrace(text: string): TraceValidationResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message;
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${why}`, fr: `JSON invalide : ${why}` }] };
  }
  return validateTrace(json);
}

/** An older capture Trace's fields at the top of `meta`, checked there (validate-capture.ts). */
function checkLegacyCaptureMeta(json: unknown, list: ProblemList): void {
  const { source, meta } = json as { source: unknown; meta: unknown };
  const legacy = legacyCaptureFields(source, meta);
  if (legacy === undefined) return;
  const checked = captureSchema.safeParse(legacy, { error: errorMap });
  if (!checked.success) list.addIssues(['meta'], checked.error.issues);
}

function checkEvents(
  events: readonly unknown[],
  hostNames: ReadonlySet<string>,
  list: ProblemList,
  version1: boolean,
): void {
  const schemas = version1 ? version1Schemas : eventSchemas;
  /** Packet ids seen so far (segment, datagram, icmp), for deliver/drop/icmp references. */
  const packets = new Set<number>();
  let previousT = 0;
  for (let i = 0; i < events.length && !list.full; i++) {
    const raw = events[i];
    const here = `$.events[${i}]`;
    if (!isRecord(raw)) {
      list.add(here, 'expected an event object', 'un objet événement attendu');
      continue;
    }
    const kind = raw.kind;
    if (typeof kind !== 'string' || !Object.hasOwn(eventSchemas, kind)) {
      const shown = kind === undefined ? 'missing' : `unknown kind ${JSON.stringify(kind)}`;
      const shownFr = kind === undefined ? 'absent' : `genre ${JSON.stringify(kind)} inconnu`;
      list.add(
        `${here}.kind`,
        `${shown}; expected one of ${eventKinds.join(', ')}`,
        `${shownFr} ; une valeur parmi ${eventKinds.join(', ')} attendue`,
      );
      continue;
    }
    const parsed = schemas[kind as TraceEvent['kind']].safeParse(raw, { error: errorMap });
    if (!parsed.success) {
      list.addIssues(['events', i], parsed.error.issues);
      continue;
    }
    const event = parsed.data as TraceEvent;
    if (event.t < previousT)
      list.add(
        `${here}.t`,
        `events must be sorted by t: ${event.t} comes after ${previousT}`,
        `les événements doivent être triés par t : ${event.t} vient après ${previousT}`,
      );
    previousT = Math.max(previousT, event.t);
    checkEvent(event, here, hostNames, packets, list);
  }
}

function checkEvent(
  event: TraceEvent,
  here: string,
  hostNames: ReadonlySet<string>,
  packets: Set<number>,
  list: ProblemList,
): void {
  const knownHost = (host: string | undefined, field: string): void => {
    if (host !== undefined && !hostNames.has(host))
      list.add(`${here}.${field}`, `unknown host "${host}"`, `hôte « ${host} » inconnu`);
  };
  const newPacket = (id: number): void => {
    if (packets.has(id)) list.add(`${here}.id`, `duplicate packet id ${id}`, `identifiant de paquet ${id} en double`);
    packets.add(id);
  };
  switch (event.kind) {
    case 'call':
    case 'return':
    case 'state':
    case 'timer':
    case 'tcb':
    case 'note':
      knownHost(event.host, 'host');
      break;
    case 'segment':
    case 'datagram':
    case 'icmp':
      knownHost(event.from, 'from');
      // A packet sent to an address no host holds (an unreachable server) names that address.
      if (!isAddress(event.to)) knownHost(event.to, 'to');
      newPacket(event.id);
      break;
    case 'deliver':
    case 'drop':
      if (!packets.has(event.id))
        list.add(
          `${here}.id`,
          `no earlier segment, datagram or icmp has id ${event.id}`,
          `aucun segment, datagramme ou icmp antérieur n'a l'identifiant ${event.id}`,
        );
      break;
  }
  if (event.kind === 'segment') {
    const seen = new Set<string>();
    event.flags.forEach((flag, j) => {
      if (seen.has(flag)) list.add(`${here}.flags[${j}]`, `duplicate flag ${flag}`, `drapeau ${flag} en double`);
      seen.add(flag);
    });
  }
  if ((event.kind === 'segment' || event.kind === 'datagram') && base64Length(event.payload) > event.len) {
    list.add(
      `${here}.payload`,
      `payload holds ${base64Length(event.payload)} bytes but len is ${event.len}`,
      `payload contient ${base64Length(event.payload)} octets mais len vaut ${event.len}`,
    );
  }
  if (event.kind === 'icmp' && !packets.has(event.about)) {
    list.add(
      `${here}.about`,
      `no earlier packet has id ${event.about}`,
      `aucun paquet antérieur n'a l'identifiant ${event.about}`,
    );
  }
  if (event.kind === 'return' && event.errno !== undefined && event.result !== undefined) {
    list.add(here, 'a return has either result or errno, not both', 'un retour a result ou errno, pas les deux');
  }
  if (event.kind === 'timer' && event.action === 'set') {
    if (event.at === undefined)
      list.add(`${here}.at`, 'required when action is "set"', 'requis quand action vaut « set »');
    else if (event.at < event.t)
      list.add(
        `${here}.at`,
        `a timer cannot expire (${event.at}) before it is set (${event.t})`,
        `un temporisateur ne peut pas expirer (${event.at}) avant d'être armé (${event.t})`,
      );
  }
}

/** Bytes that a valid padded base64 string decodes to. */
function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
