// The capture metadata of an imported Trace (types.ts CaptureMeta, `meta.pcap`): its schema,
// and the reader for files written before it had a place of its own, which kept its fields at
// the top of `meta` (v1 files, and v2 files of the first importer): validate.ts checks them
// where they are, so a problem names the file's own JSON path, then moves them.
import { z } from 'zod';
import { TCP_STATES } from '../tcp';
import { captureLimits } from './import/types';
import type { CaptureMeta, Trace, TraceMeta } from './types';

/** Bounds on the lists a capture's metadata holds (the importer keeps to them). */
export const captureMetaLimits = {
  maxConnections: 10_000,
  maxProblems: 100,
  /** The parser lists at most this many interfaces. */
  maxLinkTypes: captureLimits.maxInterfaces,
} as const;

/**
 * validate.ts's own field schemas, passed in (it imports this file, so this file cannot import
 * them back): host names and endpoints follow one rule everywhere in a Trace.
 */
export interface SharedFields {
  name: z.ZodType<string>;
  text: z.ZodType<string>;
  endpoint: z.ZodType<string>;
}

const count = z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, 'expected a whole number >= 0');
const descriptor = z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, 'expected a descriptor number >= 0');
const linkType = z.number().refine((n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'expected a link type');

/** The schema of types.ts CaptureMeta (checked against it below). */
export function captureMetaSchema({ name, text, endpoint }: SharedFields) {
  const connection = z.object({
    id: count,
    client: endpoint,
    server: endpoint,
    clientHost: name,
    serverHost: name,
    clientSocket: descriptor.optional(),
    serverSocket: descriptor.optional(),
    start: z.enum(['handshake', 'mid-connection', 'reset']),
    clientState: z.enum(TCP_STATES).optional(),
    serverState: z.enum(TCP_STATES).optional(),
    segments: count,
  });
  /** A problem's text in both languages (files written before it have only `message`). */
  const localized = z.object({ en: text, fr: text });
  return z.object({
    format: z.enum(['pcap', 'pcapng', 'unknown']),
    packets: count,
    linkTypes: z.array(linkType).max(captureMetaLimits.maxLinkTypes),
    startSeconds: z.number().optional(),
    connections: z.array(connection).max(captureMetaLimits.maxConnections),
    connectionCount: count,
    skippedPackets: count,
    truncatedPackets: count,
    problems: z
      .array(z.object({ packet: count, message: text, text: localized.optional() }))
      .max(captureMetaLimits.maxProblems)
      .optional(),
    error: z.object({ offset: count, message: text, text: localized.optional() }).optional(),
  });
}

// Compile-time proof that the schema and types.ts CaptureMeta describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<ReturnType<typeof captureMetaSchema>>, CaptureMeta> = true;
void schemaMatchesType;

/** CaptureMeta's fields, in the order the importer writes them. */
const captureFields = [
  'format',
  'packets',
  'linkTypes',
  'connections',
  'connectionCount',
  'skippedPackets',
  'truncatedPackets',
  'startSeconds',
  'problems',
  'error',
] as const satisfies readonly (keyof CaptureMeta)[];

/**
 * The capture fields an older capture Trace keeps at the top of `meta`, or undefined when it has
 * none (or already has `meta.pcap`). Only a pcap-source trace is read this way.
 */
export function legacyCaptureFields(source: unknown, meta: unknown): Record<string, unknown> | undefined {
  if (source !== 'pcap' || typeof meta !== 'object' || meta === null || Array.isArray(meta)) return undefined;
  const fields = meta as Record<string, unknown>;
  if (fields.pcap !== undefined) return undefined;
  let found: Record<string, unknown> | undefined;
  for (const key of captureFields) {
    if (fields[key] !== undefined) (found ??= {})[key] = fields[key];
  }
  return found;
}

/** A validated Trace with its older capture fields moved into `meta.pcap`; others unchanged. */
export function withCaptureMeta(trace: Trace): Trace {
  const legacy = legacyCaptureFields(trace.source, trace.meta);
  if (legacy === undefined) return trace;
  const meta: TraceMeta = {};
  for (const [key, value] of Object.entries(trace.meta)) if (!Object.hasOwn(legacy, key)) meta[key] = value;
  meta.pcap = legacy as unknown as CaptureMeta;
  return { ...trace, meta };
}
