// Every message between the UI and the bridge (README "Bridge", ARCHITECTURE.md), one JSON text frame each:
// a union with a `type` field per direction, and a parser per side. Pure: no DOM, no Node.
import { z } from 'zod';
import type { LocalizedText, Trace, TraceEvent } from '../trace/types';
import { eventKinds, validateTrace } from '../trace/validate';

/** Bumped when a message changes shape; the UI and the bridge come from the same build. */
export const protocolVersion = 1;

/** The WebSocket endpoint, on the same origin as the app, with `?token=...`. */
export const bridgePath = '/bridge';

/** The bridge refuses a larger inbound frame (close code 1009); scenarios are far smaller. */
export const maxClientMessageBytes = 256 * 1024;

// ---- UI -> bridge ----------------------------------------------------------------------------

export interface HelloMessage {
  type: 'hello';
  /** The protocol version the UI speaks; the bridge answers with `welcome`. */
  protocol: number;
}

export interface RunOptions {
  /** Capture packets with tcpdump when the bridge can (default true); false records API events only. */
  capture?: boolean;
  /**
   * true: run on loopback even where the lesson could run under its own link (each host in its
   * own network namespace, joined by the wire), the default whenever the bridge may.
   */
  loopback?: boolean;
}

/**
 * Run a scenario on real sockets (each host in its own network namespace under the lesson's link
 * when permitted, else loopback): a full scenario (checked by the bridge) or a built-in id.
 */
export type RunMessage =
  | { type: 'run'; scenario: Record<string, unknown>; options?: RunOptions }
  | { type: 'run'; scenarioId: string; options?: RunOptions };

export interface CancelMessage {
  type: 'cancel';
  runId: string;
}

export type ClientMessage = HelloMessage | RunMessage | CancelMessage;

// ---- bridge -> UI ----------------------------------------------------------------------------

export interface Capabilities {
  /** Packets can be captured (tcpdump present and permitted). */
  capture: boolean;
  /** When capture is false: exactly what is missing and how to grant it. */
  captureReason?: string;
  /** python3 is available to run the Python listings. */
  python: boolean;
  /** Where real runs take TCP states from: the kernel's tracepoints (root and tracefs), else ss polls. */
  states?: 'tracepoints' | 'ss';
  /** When states is 'ss': why the tracepoints cannot be used. */
  statesReason?: string;
  /**
   * Where real runs put the hosts: each in its own network namespace joined by a wire that applies
   * the lesson's link and faults (root, /dev/net/tun), else all on loopback.
   */
  link?: 'namespaces' | 'loopback';
  /** When link is 'loopback': why namespaces cannot be used. */
  linkReason?: string;
}

export interface WelcomeMessage {
  type: 'welcome';
  /** Wirestep's version (package.json). */
  version: string;
  protocol: number;
  capabilities: Capabilities;
}

export interface RunStartedMessage {
  type: 'run-started';
  runId: string;
}

export interface TraceEventMessage {
  type: 'trace-event';
  runId: string;
  event: TraceEvent;
}

export interface RunStatusMessage {
  type: 'run-status';
  runId: string;
  text: LocalizedText;
}

/** What a runner reports while it works; the bridge adds `type` and `runId`. */
export type BridgeStatusMessage = Pick<RunStatusMessage, 'text'>;

export interface RunFinishedMessage {
  type: 'run-finished';
  runId: string;
  trace: Trace;
}

/** The run failed, was cancelled or was refused (a refused run never had `run-started`). */
export interface RunFailedMessage {
  type: 'run-failed';
  runId: string;
  error: LocalizedText;
}

/** A protocol mistake (bad JSON, unknown type): for developers, English only. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type BridgeMessage =
  | WelcomeMessage
  | RunStartedMessage
  | TraceEventMessage
  | RunStatusMessage
  | RunFinishedMessage
  | RunFailedMessage
  | ErrorMessage;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

// ---- schemas -----------------------------------------------------------------------------------

const runId = z.string().min(1).max(64);
const shortText = z.string().max(4096);
const localized = z.strictObject({ en: shortText, fr: shortText });
const runOptions = z.strictObject({ capture: z.boolean().optional(), loopback: z.boolean().optional() }).optional();

const runScenarioSchema = z.strictObject({
  type: z.literal('run'),
  scenario: z.record(z.string(), z.unknown()),
  options: runOptions,
});
const runScenarioIdSchema = z.strictObject({
  type: z.literal('run'),
  scenarioId: z.string().min(1).max(64),
  options: runOptions,
});

const clientSchemas = {
  hello: z.strictObject({ type: z.literal('hello'), protocol: z.number().int().min(0) }),
  run: z.union([runScenarioSchema, runScenarioIdSchema]),
  cancel: z.strictObject({ type: z.literal('cancel'), runId }),
} as const satisfies Record<ClientMessage['type'], z.ZodType>;

/** A trace event is checked for its kind and time only: the whole trace is checked at the end. */
const traceEventShape = z.looseObject({
  kind: z.enum(eventKinds),
  t: z.number().int().min(0),
});

const bridgeSchemas = {
  welcome: z.object({
    type: z.literal('welcome'),
    version: z.string().max(64),
    protocol: z.number().int(),
    capabilities: z.object({
      capture: z.boolean(),
      captureReason: shortText.optional(),
      python: z.boolean(),
      states: z.enum(['tracepoints', 'ss']).optional(),
      statesReason: shortText.optional(),
      link: z.enum(['namespaces', 'loopback']).optional(),
      linkReason: shortText.optional(),
    }),
  }),
  'run-started': z.object({ type: z.literal('run-started'), runId }),
  'trace-event': z.object({ type: z.literal('trace-event'), runId, event: traceEventShape }),
  'run-status': z.object({ type: z.literal('run-status'), runId, text: localized }),
  'run-finished': z.object({ type: z.literal('run-finished'), runId, trace: z.unknown() }),
  'run-failed': z.object({ type: z.literal('run-failed'), runId, error: localized }),
  error: z.object({ type: z.literal('error'), message: shortText }),
} as const satisfies Record<BridgeMessage['type'], z.ZodType>;

// Compile-time proof that the schemas accept exactly the hand-written client types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const clientSchemasMatchTypes: [
  Same<z.infer<typeof clientSchemas.hello>, HelloMessage>,
  Same<z.infer<typeof clientSchemas.run>, RunMessage>,
  Same<z.infer<typeof clientSchemas.cancel>, CancelMessage>,
] = [true, true, true];
void clientSchemasMatchTypes;

// ---- parsers -----------------------------------------------------------------------------------

/** Parses one frame from the UI. Never throws: bad JSON or a bad shape is an error string. */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const type = json.message.type;
  if (typeof type !== 'string' || !Object.hasOwn(clientSchemas, type)) {
    return { ok: false, error: unknownType(type, Object.keys(clientSchemas)) };
  }
  let schema: z.ZodType<ClientMessage> = clientSchemas[type as ClientMessage['type']];
  if (type === 'run') {
    // Pick the variant so the error names the real problem rather than "Invalid input".
    const byScenario = 'scenario' in json.message;
    if (byScenario === 'scenarioId' in json.message) {
      return { ok: false, error: 'run: needs either "scenario" (a scenario object) or "scenarioId", not both' };
    }
    schema = byScenario ? runScenarioSchema : runScenarioIdSchema;
  }
  const parsed = schema.safeParse(json.message);
  if (!parsed.success) return { ok: false, error: describeIssues(type, parsed.error.issues) };
  return { ok: true, message: parsed.data };
}

/** Parses one frame from the bridge (UI side); a finished run's trace is fully validated. */
export function parseBridgeMessage(text: string): ParseResult<BridgeMessage> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const type = json.message.type;
  if (typeof type !== 'string' || !Object.hasOwn(bridgeSchemas, type)) {
    return { ok: false, error: unknownType(type, Object.keys(bridgeSchemas)) };
  }
  const parsed = bridgeSchemas[type as BridgeMessage['type']].safeParse(json.message);
  if (!parsed.success) return { ok: false, error: describeIssues(type, parsed.error.issues) };
  if (parsed.data.type === 'run-finished') {
    const trace = validateTrace(parsed.data.trace);
    if (!trace.ok) {
      const first = trace.problems[0];
      return { ok: false, error: `run-finished: invalid trace: ${first?.path ?? '$'}: ${first?.message ?? '?'}` };
    }
    return { ok: true, message: { type: 'run-finished', runId: parsed.data.runId, trace: trace.trace } };
  }
  // The event's kind and time were checked; its other fields are the bridge's (same build).
  return { ok: true, message: parsed.data as BridgeMessage };
}

/** One frame as text: the only place either side turns a message into JSON. */
export function encodeMessage(message: ClientMessage | BridgeMessage): string {
  return JSON.stringify(message);
}

function parseJsonObject(text: string): ParseResult<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'expected a JSON object with a "type" field' };
  }
  return { ok: true, message: json as Record<string, unknown> };
}

function unknownType(type: unknown, known: readonly string[]): string {
  // Only a string is quoted back: stringifying any other value recurses as deep as the frame nests.
  const shown =
    type === undefined
      ? 'missing "type"'
      : typeof type === 'string'
        ? `unknown message type ${JSON.stringify(type.slice(0, 80))}`
        : `"type" is ${kindOf(type)}, not a string`;
  return `${shown}; expected one of ${known.join(', ')}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeIssues(type: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const [first, ...others] = issues;
  const where = first === undefined || first.path.length === 0 ? '' : `${first.path.map(String).join('.')}: `;
  const more = others.length > 0 ? ` (and ${others.length} more)` : '';
  return `${type}: ${where}${first?.message ?? 'invalid message'}${more}`;
}
