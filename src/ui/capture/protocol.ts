// Messages between the page and the import worker, and the limits both sides check. Types and
// constants only, so the page's bundle gains nothing of the importer.
import type { ImportFailure, ImportStage } from '../../store';
import type { ItemsWindow, LayoutHead, SentLanes, SentLayoutOptions } from '../../diagram';
import type { CaptureError, Trace } from '../../trace/types';
import type { PackedEvents } from './event-columns';

const mebibyte = 1024 * 1024;

export const importLimits = {
  /** A capture file (the importer's own captureLimits.maxFileBytes). */
  maxCaptureBytes: 512 * mebibyte,
  /** A Trace JSON: its text must fit one JavaScript string, with room to parse it. */
  maxTraceBytes: 256 * mebibyte,
  /** Trace problems sent back to the page (the rest are counted). */
  maxProblems: 5,
} as const;

export type WorkerRequest =
  | { type: 'open'; file: File }
  /** Builds the kept capture's trace again with these endpoint names. */
  | { type: 'rename'; names: Record<string, string> }
  /** Lays out the diagram of the trace last sent (a big one: see layout-source.ts), for request `id`. */
  | { type: 'layout'; id: number; options: SentLayoutOptions }
  /** The items of layout `id` that meet a y-range (the worker keeps its last layout). */
  | { type: 'layout-window'; id: number; top: number; bottom: number };

/** Events per `events` message: each decodes in a few ms, so the page never blocks on one. */
export const eventsPerSlice = 4000;

export type WorkerReply =
  | { type: 'progress'; stage: ImportStage; fraction: number }
  /**
   * The next slice of the coming trace's events, in order (`total` in all). A `capture`, `trace`
   * or `renamed` reply follows the last slice with `events` left empty: the slices are its events.
   * A big trace's reply brings its lanes too (src/diagram/lanes.ts SentLanes: seconds of work on
   * the page at 100,000 packets, done here anyway for its layout). The events come in columns
   * (event-columns.ts), their typed arrays transferred.
   */
  | { type: 'events'; events: PackedEvents; total: number }
  /** A capture's trace; `error` when the parser stopped early (the packets before it are in the trace). */
  | { type: 'capture'; trace: Trace; packets: number; error?: CaptureError; lanes?: SentLanes }
  | { type: 'trace'; trace: Trace; lanes?: SentLanes }
  | { type: 'renamed'; trace: Trace; lanes?: SentLanes }
  | { type: 'failed'; failure: ImportFailure }
  /** Layout `id` without its items, which are asked for by window. */
  | { type: 'layout'; id: number; head: LayoutHead }
  | { type: 'layout-window'; id: number; window: ItemsWindow }
  | { type: 'layout-failed'; id: number; message: string };

/** File name endings of Trace JSON files; anything else is read as a capture unless it starts with "{". */
export function looksLikeTraceName(name: string): boolean {
  return /\.(json|wirestep-trace)$/i.test(name);
}

/** The refusal for a file too large to import, decided from its size and name before reading it. */
export function sizeRefusal(file: { name: string; size: number }): ImportFailure | undefined {
  const limit = looksLikeTraceName(file.name) ? importLimits.maxTraceBytes : importLimits.maxCaptureBytes;
  return file.size > limit ? { kind: 'tooLarge', bytes: file.size, limit } : undefined;
}

const pcapMagics = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a]);

/** True when the bytes are JSON text (a "{" after optional BOM and spaces) and not a capture. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  if (bytes.length >= 4) {
    const magic = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
    if (pcapMagics.has(magic >>> 0)) return false;
  }
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = Math.min(bytes.length, at + 4096);
  while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return bytes[at] === 0x7b;
}
