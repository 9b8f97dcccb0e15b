// Lessons that are not built in (loaded on demand: it brings the schema library): fetched from `?lesson=URL` (the same site, or another that allows
// it by CORS), carried whole in a link's `#lesson=` fragment, or read from a file. Each is text
// bounded by scenarioLimits.maxTextBytes, then validated like every scenario (validate.ts), so a
// broken lesson is refused with its JSON path and what was on screen stays.
import { scenarioLimits } from '../scenario/limits';
import type { Scenario } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import type { LessonFailure } from './lesson';
import { lessonFragmentKey } from './lesson-link';

export type LessonRead = { ok: true; scenario: Scenario } | { ok: false; failure: LessonFailure };

/** How long a lesson fetch may take before it is given up. */
export const lessonFetchTimeoutMs = 15_000;

/** The scenario in a text; a file that is JSON but not a scenario says so rather than listing 20 problems. */
export function lessonFromText(text: string): LessonRead {
  if (utf8Bytes(text) > scenarioLimits.maxTextBytes) {
    return { ok: false, failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes } };
  }
  const result = parseScenario(text);
  if (result.ok) return { ok: true, scenario: result.scenario };
  const format = formatOf(text);
  if (format !== undefined && format !== 'wirestep-scenario') {
    return { ok: false, failure: { kind: 'not-a-lesson', message: `format "${format}"` } };
  }
  return { ok: false, failure: { kind: 'invalid', problems: result.problems } };
}

/** The `format` of a JSON object text, if it has one (a Trace file opened as a lesson). */
function formatOf(text: string): string | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const format = (json as Record<string, unknown>).format;
      return typeof format === 'string' ? format : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function utf8Bytes(text: string): number {
  // Cheap bound first: UTF-8 is at most 3 bytes per UTF-16 unit.
  if (text.length * 3 <= scenarioLimits.maxTextBytes) return text.length;
  return new TextEncoder().encode(text).length;
}

/** Reads at most `limit` bytes of a response body; null when it is longer. */
async function boundedText(response: Response, limit: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (response.body === null) return '';
  const bytes = await readBounded(response.body, limit);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** All of a byte stream, or null (the stream cancelled) as soon as it passes `limit` bytes. */
async function readBounded(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Fetches and validates a lesson; never throws. `base` resolves a relative URL (the page's address). */
export async function fetchLesson(
  url: string,
  base: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = lessonFetchTimeoutMs,
): Promise<LessonRead> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(new URL(url, base).href, {
      signal: controller.signal,
      // A lesson file edited by its teacher should be seen at the next load, not a cached copy.
      cache: 'no-cache',
      credentials: 'same-origin',
    });
    if (!response.ok) {
      return { ok: false, failure: { kind: 'fetch', status: response.status, message: `HTTP ${response.status}` } };
    }
    if ((response.headers.get('content-type') ?? '').toLowerCase().includes('text/html')) {
      await response.body?.cancel();
      return { ok: false, failure: { kind: 'web-page' } };
    }
    const text = await boundedText(response, scenarioLimits.maxTextBytes);
    if (text === null) return { ok: false, failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes } };
    return lessonFromText(text);
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, failure: { kind: 'timeout', ms: timeoutMs } };
    // A network error and a CORS refusal look the same from a page: a TypeError with no details.
    const message = error instanceof Error && error.message !== '' ? error.message : String(error);
    return { ok: false, failure: { kind: 'fetch', message } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `#lesson=` fragment for a scenario: its JSON, deflated (RFC 1951, CompressionStream's
 * 'deflate-raw') and base64url-encoded. A fragment is never sent to a server, so the whole lesson
 * travels in the link and nowhere else.
 */
export async function encodeLessonFragment(scenario: Scenario): Promise<string> {
  const input = new TextEncoder().encode(JSON.stringify(scenario));
  const deflated = await pipeBytes(input, new CompressionStream('deflate-raw'), Infinity);
  return `${lessonFragmentKey}${toBase64Url(deflated ?? new Uint8Array())}`;
}

/** Decodes and validates a `#lesson=` payload; inflation stops at the text bound (no zip bomb). */
export async function decodeLessonFragment(payload: string): Promise<LessonRead> {
  const bytes = fromBase64Url(payload);
  if (bytes === undefined) return { ok: false, failure: { kind: 'not-a-lesson', message: 'not base64url' } };
  let inflated: Uint8Array | null;
  try {
    inflated = await pipeBytes(bytes, new DecompressionStream('deflate-raw'), scenarioLimits.maxTextBytes);
  } catch (error) {
    return {
      ok: false,
      failure: { kind: 'not-a-lesson', message: error instanceof Error ? error.message : 'corrupt' },
    };
  }
  if (inflated === null) return { ok: false, failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes } };
  return lessonFromText(new TextDecoder().decode(inflated));
}

/** Runs bytes through a (de)compression stream; null when the output exceeds `limit`. */
async function pipeBytes(input: Uint8Array, stream: GenericTransformStream, limit: number): Promise<Uint8Array | null> {
  const writer = stream.writable.getWriter();
  // The write is not awaited: its promise settles only as the output is read below.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return readBounded(stream.readable as ReadableStream<Uint8Array>, limit);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
