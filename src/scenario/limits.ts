// The bounds every scenario keeps, stated once and enforced wherever a scenario enters (the CLI,
// the browser and the bridge all validate through validate.ts) or runs (the simulator).
import type { DataSpec } from './schema';

export const scenarioLimits = {
  /** Bytes of JSON text a scenario file or link may hold (the biggest built-in lesson is about 20 KB). */
  maxTextBytes: 4 << 20,
  /** Levels of JSON arrays and objects (the scenario object is level 1); checked before the schema. */
  maxNestingDepth: 64,
  /** Bytes one data spec may make, computed before anything is allocated. */
  maxDataBytes: 16 << 20,
  /** What `limits.maxEvents` may be raised to (the simulator's default is 1,000,000). */
  maxEvents: 2_000_000,
  /** Steps one simulated run may execute, every loop iteration counted (an empty body too). */
  maxExecutedSteps: 10_000_000,
} as const;

/** Bytes a data spec makes; a variable counts as empty (received bytes are bounded by recv). */
export function dataSpecBytes(spec: DataSpec): number {
  if (typeof spec === 'string') return utf8Length(spec);
  if ('text' in spec) return utf8Length(spec.text);
  if ('hex' in spec) return spec.hex.length / 2;
  if ('var' in spec) return 0;
  // The depth bound was checked before the schema, so stringify cannot recurse without end.
  if ('json' in spec) return utf8Length(JSON.stringify(spec.json) ?? 'null');
  if ('bytes' in spec) return spec.bytes;
  if ('lengthPrefixed' in spec) return 4 + dataSpecBytes(spec.lengthPrefixed);
  return spec.concat.reduce((sum, part) => sum + dataSpecBytes(part), 0);
}

/** UTF-8 length without encoding (the core has no TextEncoder); a lone surrogate is 3 bytes, as U+FFFD. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
