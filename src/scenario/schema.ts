// The scenario format: plain, versioned JSON validated by one zod schema, from which the
// TypeScript types are inferred so the schema and the types can never drift apart.
import { z } from 'zod';
import { ERRNOS, SOCKET_OPTIONS } from '../tcp';
import { injectRuleSchema } from './inject';
import { scenarioLimits } from './limits';

const errnoSchema = z.enum(ERRNOS);

const localizedTextSchema = z.strictObject({ en: z.string().min(1), fr: z.string().min(1) });

const identifier = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/, 'expected an identifier (letters, digits, - or _)');
const hostName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'expected a lower-case host name');
const ipv4 = z.ipv4();
const port = z.number().int().min(1).max(65535);

/** Where a step appears in the course-style code listings of its host (1-based line numbers). */
const codeRefSchema = z.strictObject({
  python: z.number().int().min(1).optional(),
  go: z.number().int().min(1).optional(),
  node: z.number().int().min(1).optional(),
});

/** Bytes a step sends. A plain string is UTF-8 text. */
export type DataSpec =
  | string
  | { text: string }
  | { hex: string }
  | { var: string }
  | { json: unknown }
  | { bytes: number; fill?: string }
  | { lengthPrefixed: DataSpec }
  | { concat: DataSpec[] };

const dataSchema: z.ZodType<DataSpec> = z.lazy(() =>
  z.union([
    z.string(),
    z.strictObject({ text: z.string() }),
    z.strictObject({ hex: z.string().regex(/^([0-9a-fA-F]{2})*$/, 'expected pairs of hex digits') }),
    z.strictObject({ var: identifier }),
    z.strictObject({ json: z.unknown() }),
    z.strictObject({
      bytes: z.number().int().min(0).max(100_000_000),
      fill: z.string().length(1).optional(),
    }),
    z.strictObject({ lengthPrefixed: dataSchema }),
    z.strictObject({ concat: z.array(dataSchema).max(64) }),
  ]),
);

const stepCommon = {
  /** Shown by the UI when this step runs. */
  explain: localizedTextSchema.optional(),
  ref: codeRefSchema.optional(),
  /** The step is expected to fail with one of these errno values; the program goes on. */
  expect: z.union([errnoSchema, z.array(errnoSchema).min(1)]).optional(),
  /** What an unexpected error does: end the thread (default), leave the innermost loop, or go on. */
  onError: z.enum(['exit', 'break', 'continue']).optional(),
};

const socketRef = identifier;

const socketOptionSchema = z.enum(SOCKET_OPTIONS);
export type SocketOption = z.infer<typeof socketOptionSchema>;

export interface StepCommon {
  explain?: { en: string; fr: string };
  ref?: { python?: number; go?: number; node?: number };
  expect?: z.infer<typeof errnoSchema> | z.infer<typeof errnoSchema>[];
  onError?: 'exit' | 'break' | 'continue';
}

export type Step = StepCommon &
  (
    | { op: 'socket'; as: string; type: 'tcp' | 'udp' }
    | { op: 'setsockopt'; socket: string; option: SocketOption; value: number | boolean }
    | { op: 'settimeout'; socket: string; seconds: number | null }
    | { op: 'bind'; socket: string; addr?: string; port: number }
    | { op: 'listen'; socket: string; backlog: number }
    | { op: 'accept'; socket: string; as: string; group?: string; spawn?: Step[] }
    | { op: 'connect'; socket: string; host: string; port: number }
    | { op: 'send' | 'sendall'; socket: string; data: DataSpec }
    | { op: 'sendgroup'; group: string; data: DataSpec; exceptSocket?: string }
    | { op: 'recv'; socket: string; max: number; as?: string; onEof?: 'break' | 'exit' | 'continue' }
    | {
        op: 'recvuntil';
        socket: string;
        delimiter: string;
        chunk: number;
        as?: string;
        onEof?: 'break' | 'exit' | 'continue';
      }
    | {
        op: 'recvexact';
        socket: string;
        bytes: number;
        chunk?: number;
        as?: string;
        onEof?: 'break' | 'exit' | 'continue';
      }
    | { op: 'recvframe'; socket: string; as?: string; onEof?: 'break' | 'exit' | 'continue' }
    | { op: 'sendto'; socket: string; data: DataSpec; host?: string; port?: number; toVar?: string }
    | { op: 'recvfrom'; socket: string; max: number; as?: string; fromAs?: string }
    | { op: 'shutdown'; socket: string; how: 'SHUT_WR' | 'SHUT_RD' | 'SHUT_RDWR' }
    | { op: 'close'; socket: string }
    | { op: 'sleep'; ms: number; backoff?: number }
    | { op: 'repeat'; times: number; steps: Step[] }
    | { op: 'loop'; max: number; steps: Step[] }
    | { op: 'exit' }
  );

const onEof = z.enum(['break', 'exit', 'continue']).optional();

/** Steps that create, configure and connect a socket. */
const setupStepSchemas = () =>
  [
    z.strictObject({ ...stepCommon, op: z.literal('socket'), as: identifier, type: z.enum(['tcp', 'udp']) }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('setsockopt'),
      socket: socketRef,
      option: socketOptionSchema,
      value: z.union([z.number().min(0).max(1e9), z.boolean()]),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('settimeout'),
      socket: socketRef,
      seconds: z.number().min(0).max(3600).nullable(),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('bind'),
      socket: socketRef,
      addr: ipv4.optional(),
      port: z.number().int().min(0).max(65535),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('listen'),
      socket: socketRef,
      backlog: z.number().int().min(0).max(4096),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('accept'),
      socket: socketRef,
      as: identifier,
      group: identifier.optional(),
      spawn: z.array(stepSchema).max(256).optional(),
    }),
    z.strictObject({ ...stepCommon, op: z.literal('connect'), socket: socketRef, host: z.string().min(1), port }),
  ] as const;

/** Steps that move bytes. */
const dataStepSchemas = () =>
  [
    z.strictObject({ ...stepCommon, op: z.literal('send'), socket: socketRef, data: dataSchema }),
    z.strictObject({ ...stepCommon, op: z.literal('sendall'), socket: socketRef, data: dataSchema }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('sendgroup'),
      group: identifier,
      data: dataSchema,
      exceptSocket: socketRef.optional(),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('recv'),
      socket: socketRef,
      max: z.number().int().min(1).max(16_777_216),
      as: identifier.optional(),
      onEof,
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('recvuntil'),
      socket: socketRef,
      delimiter: z.string().min(1).max(16),
      chunk: z.number().int().min(1).max(65536),
      as: identifier.optional(),
      onEof,
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('recvexact'),
      socket: socketRef,
      bytes: z.number().int().min(1).max(16_777_216),
      chunk: z.number().int().min(1).max(65536).optional(),
      as: identifier.optional(),
      onEof,
    }),
    z.strictObject({ ...stepCommon, op: z.literal('recvframe'), socket: socketRef, as: identifier.optional(), onEof }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('sendto'),
      socket: socketRef,
      data: dataSchema,
      host: z.string().min(1).optional(),
      port: port.optional(),
      toVar: identifier.optional(),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('recvfrom'),
      socket: socketRef,
      max: z.number().int().min(1).max(65536),
      as: identifier.optional(),
      fromAs: identifier.optional(),
    }),
  ] as const;

/** Steps that end a socket or steer the program. */
const controlStepSchemas = () =>
  [
    z.strictObject({
      ...stepCommon,
      op: z.literal('shutdown'),
      socket: socketRef,
      how: z.enum(['SHUT_WR', 'SHUT_RD', 'SHUT_RDWR']),
    }),
    z.strictObject({ ...stepCommon, op: z.literal('close'), socket: socketRef }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('sleep'),
      ms: z.number().min(0).max(3_600_000),
      backoff: z.number().min(1).max(16).optional(),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('repeat'),
      times: z.number().int().min(0).max(100_000),
      steps: z.array(stepSchema).max(256),
    }),
    z.strictObject({
      ...stepCommon,
      op: z.literal('loop'),
      max: z.number().int().min(1).max(100_000),
      steps: z.array(stepSchema).max(256),
    }),
    z.strictObject({ ...stepCommon, op: z.literal('exit') }),
  ] as const;

const stepSchema: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion('op', [...setupStepSchemas(), ...dataStepSchemas(), ...controlStepSchemas()]),
);

const linkOptionsSchema = z.strictObject({
  /** One-way propagation delay. */
  latencyMs: z.number().min(0).max(60_000).optional(),
  /** Uniform extra delay in [0, jitterMs]. */
  jitterMs: z.number().min(0).max(60_000).optional(),
  lossProbability: z.number().min(0).max(1).optional(),
  duplicateProbability: z.number().min(0).max(1).optional(),
  /** Probability that a packet is held back by an extra delay so that later ones overtake it. */
  reorderProbability: z.number().min(0).max(1).optional(),
  /** 0 means unlimited. */
  bandwidthKbps: z.number().min(0).max(100_000_000).optional(),
  mtuBytes: z.number().int().min(68).max(65536).optional(),
});
export type LinkOptions = z.infer<typeof linkOptionsSchema>;

const tcpParamsSchema = z.strictObject({
  mss: z.number().int().min(8).max(65495).optional(),
  mslMs: z.number().min(0).max(600_000).optional(),
  /** Overrides 2*MSL (Linux uses a fixed 60 s). */
  timeWaitMs: z.number().min(0).max(1_200_000).optional(),
  delayedAckMs: z.number().min(0).max(500).optional(),
  quickAck: z.boolean().optional(),
  initialRtoMs: z.number().min(1).max(60_000).optional(),
  minRtoMs: z.number().min(1).max(60_000).optional(),
  maxRtoMs: z.number().min(1).max(600_000).optional(),
  synRetries: z.number().int().min(0).max(20).optional(),
  dataRetries: z.number().int().min(0).max(30).optional(),
  rcvBufBytes: z.number().int().min(1).max(16_777_216).optional(),
  sndBufBytes: z.number().int().min(1).max(16_777_216).optional(),
  finWait2TimeoutMs: z.number().min(0).max(600_000).optional(),
  keepaliveIdleS: z.number().min(1).max(86_400).optional(),
  keepaliveIntervalS: z.number().min(1).max(86_400).optional(),
  keepaliveCount: z.number().int().min(1).max(100).optional(),
  /** Overrides the profile's algorithm (linux: cubic, rfc: reno). */
  congestionControl: z.enum(['reno', 'cubic']).optional(),
  /** The kernel timer tick (Linux HZ 250: 4 ms); 0 fires timers exactly. */
  timerTickMs: z.number().min(0).max(100).optional(),
  /** Initial congestion window in segments (RFC 6928: 10). */
  initialCwnd: z.number().int().min(1).max(100).optional(),
});
export type TcpParams = z.infer<typeof tcpParamsSchema>;

/**
 * What a packet rule (drop, delay, duplicate) takes: the nth packets of one direction that match
 * its filter. Every packet rule counts, in the scenario's order, the TCP and UDP packets of its
 * direction that pass its filter and that no earlier drop rule dropped (src/sim/world.ts
 * matchingFaults): a delayed or duplicated packet still arrives, so it is still counted.
 */
const packetMatch = {
  from: hostName,
  to: hostName,
  /** 1-based positions among the packets of that direction that match the filter. */
  nth: z.union([z.number().int().min(1), z.array(z.number().int().min(1)).min(1).max(64)]),
  protocol: z.enum(['tcp', 'udp']).optional(),
  /** Every listed flag must be set. */
  flags: z.array(z.enum(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG'])).optional(),
  hasData: z.boolean().optional(),
};

const faultRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('drop'), ...packetMatch }),
  /** The packet arrives `ms` later than the link would deliver it (so later ones may overtake it). */
  z.strictObject({ type: z.literal('delay'), ...packetMatch, ms: z.number().positive().max(60_000) }),
  /** The packet arrives twice: a copy one link latency after it. */
  z.strictObject({ type: z.literal('duplicate'), ...packetMatch }),
  z.strictObject({ type: z.literal('crash'), host: hostName, atMs: z.number().min(0).max(86_400_000) }),
  /** A crafted segment arrives at a connection (src/scenario/inject.ts). */
  injectRuleSchema,
]);
export type FaultRule = z.infer<typeof faultRuleSchema>;

const codeListingSchema = z.strictObject({
  python: z.string().max(20_000).optional(),
  go: z.string().max(20_000).optional(),
  node: z.string().max(20_000).optional(),
});

const programSchema = z.strictObject({
  host: hostName,
  startMs: z.number().min(0).max(3_600_000).optional(),
  steps: z.array(stepSchema).max(512),
});

/**
 * A question of the quiz mode (issue 13, `?quiz=1`), asked before the event `at` names: an event
 * index of the lesson's Trace, or a program step as the Trace names it in `step` ("1.4" stops
 * before that step's call, "1.4:return" before its return).
 */
const questionSchema = z.strictObject({
  at: z.union([
    z.number().int().min(0).max(scenarioLimits.maxEvents),
    z.string().regex(/^\d{1,3}(\.\d{1,4}){1,8}(:(call|return))?$/, 'expected a step such as "1.4" or "1.4:return"'),
  ]),
  prompt: localizedTextSchema,
  choices: z.array(localizedTextSchema).min(2).max(6),
  /** The index of the right choice, from 0. */
  answer: z.number().int().min(0),
  explanation: localizedTextSchema,
  /** The clause the answer rests on, e.g. "RFC 9293 §3.6". */
  rfc: z.string().min(1).max(80).optional(),
});
export type ScenarioQuestion = z.infer<typeof questionSchema>;

/**
 * The guided path (issue 13): where a lesson stands in the suggested order, how long it takes, the
 * goals the landing page lists, what to watch for (shown before the first step) and the recap
 * (shown at the last step). Optional, so a lesson without it still loads; the built-in lessons
 * all have one (src/ui/guide/guide.test.ts).
 */
const guideSchema = z.strictObject({
  /** 1-based position in the suggested order. */
  order: z.number().int().min(1).max(999).optional(),
  /** Minutes a learner takes; the built-in lessons write the reading-pace estimate of their Trace. */
  minutes: z.number().int().min(1).max(240).optional(),
  goals: z.array(localizedTextSchema).min(1).max(5),
  watchFor: localizedTextSchema,
  recap: localizedTextSchema,
});
export type ScenarioGuide = z.infer<typeof guideSchema>;

export const scenarioSchema = z.strictObject({
  format: z.literal('wirestep-scenario'),
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a lower-case id such as tcp-echo'),
  title: localizedTextSchema,
  summary: localizedTextSchema,
  concepts: z
    .array(z.string().regex(/^[a-z0-9-]+$/))
    .min(1)
    .max(16),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  profile: z.enum(['linux', 'rfc']).optional(),
  hosts: z
    .array(z.strictObject({ name: hostName, addr: ipv4 }))
    .min(1)
    .max(16),
  link: linkOptionsSchema.optional(),
  links: z
    .array(z.strictObject({ from: hostName, to: hostName, options: linkOptionsSchema }))
    .max(64)
    .optional(),
  tcp: tcpParamsSchema.optional(),
  /** How the lesson opens: `proportional` time draws a stall as the gap it is (issue 8). */
  display: z.strictObject({ timeScale: z.enum(['compressed', 'proportional']).optional() }).optional(),
  faults: z.array(faultRuleSchema).max(64).optional(),
  limits: z
    .strictObject({
      maxEvents: z.number().int().min(1).max(scenarioLimits.maxEvents).optional(),
      maxDurationMs: z.number().min(1).max(86_400_000).optional(),
    })
    .optional(),
  code: z.record(hostName, codeListingSchema).optional(),
  programs: z.array(programSchema).min(1).max(16),
  questions: z.array(questionSchema).max(64).optional(),
  guide: guideSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Program = z.infer<typeof programSchema>;
