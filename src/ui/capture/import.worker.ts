// The import worker: reads a dropped or picked file, decodes it (pcap, pcapng, Trace JSON or a
// packetdrill script, run against the simulator's linux profile) and
// builds its Trace off the main thread, reporting progress. It keeps the last capture's decoded
// packets so endpoint names can be applied without reading the file again.
import { captureToTrace, parseCapture, type CaptureResult } from '../../trace/import';
import { parseTrace } from '../../trace/validate';
import { runWithResult } from '../../conformance/suite';
import { scriptTrace } from '../../conformance/trace';
import type { ImportFailure, ImportStage } from '../../store';
import type { Trace } from '../../trace/types';
import {
  headBuffers,
  itemsWindow,
  lanesToSend,
  layoutHead,
  layoutTrace,
  type DiagramLayout,
  type MeasureText,
  type SentLayoutOptions,
} from '../../diagram';
import { offPageLayoutEvents } from '../diagram/layout-source';
import { createCanvasMeasure } from '../diagram/canvas-measure';
import { eventsPerSlice, importLimits, looksLikeJson, type WorkerReply, type WorkerRequest } from './protocol';
import { EventPacker, packedBuffers } from './event-columns';

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const post = (reply: WorkerReply): void => scope.postMessage(reply);
const progress = (stage: ImportStage, fraction: number): void => post({ type: 'progress', stage, fraction });
const fail = (failure: ImportFailure): void => post({ type: 'failed', failure });

let kept: { result: CaptureResult; fileName: string } | undefined;
/** The trace last sent, whose diagram the page may ask for; the measure, made on first use. */
let sent: Trace | undefined;
let measure: MeasureText | undefined;
/** The last layout made, whose items the page asks for by window. */
let laidOut: { id: number; layout: DiagramLayout } | undefined;

/**
 * Sends a trace's events in slices (protocol.ts), in columns (event-columns.ts), then the reply
 * with the rest of the trace: the page decodes many small messages, never one of a million events.
 */
function postTrace(trace: Trace, reply: (head: Trace) => Extract<WorkerReply, { trace: Trace }>): void {
  const { events } = trace;
  sent = trace;
  laidOut = undefined;
  const packer = new EventPacker();
  for (let at = 0; at < events.length; at += eventsPerSlice) {
    const slice = packer.pack(events, at, Math.min(events.length, at + eventsPerSlice));
    scope.postMessage({ type: 'events', events: slice, total: events.length }, packedBuffers(slice));
  }
  const last = reply({ ...trace, events: [] });
  // A big trace's lanes, worked out here (the page would block on them) and kept for its layouts.
  if (events.length >= offPageLayoutEvents) last.lanes = lanesToSend(trace);
  post(last);
}

/** Progress while reading is reported every this many bytes. */
const readReportBytes = 4 * 1024 * 1024;

async function readAll(file: File): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let at = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > bytes.length) throw new Error('the file grew while it was being read');
    bytes.set(value, at);
    at += value.length;
    if (at - reported >= readReportBytes) {
      reported = at;
      progress('read', at / bytes.length);
    }
  }
  return at === bytes.length ? bytes : bytes.subarray(0, at);
}

function openTrace(bytes: Uint8Array): void {
  if (bytes.length > importLimits.maxTraceBytes) {
    fail({ kind: 'tooLarge', bytes: bytes.length, limit: importLimits.maxTraceBytes });
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail({ kind: 'traceProblems', problems: [{ path: '$', message: 'the file is not UTF-8 text' }], total: 1 });
    return;
  }
  progress('parse', 0);
  const checked = parseTrace(text);
  if (!checked.ok) {
    fail({
      kind: 'traceProblems',
      problems: checked.problems.slice(0, importLimits.maxProblems),
      total: checked.problems.length,
    });
    return;
  }
  kept = undefined;
  postTrace(checked.trace, (trace) => ({ type: 'trace', trace }));
}

function openCapture(bytes: Uint8Array, fileName: string): void {
  const result = parseCapture(bytes, { onProgress: (fraction) => progress('parse', fraction) });
  if (result.packets.length === 0) {
    fail(result.error === undefined ? { kind: 'noPackets' } : { kind: 'capture', ...result.error });
    return;
  }
  progress('build', 0);
  const trace = captureToTrace(result, { fileName });
  kept = { result, fileName };
  postTrace(trace, (head) => {
    const reply: Extract<WorkerReply, { type: 'capture' }> = {
      type: 'capture',
      trace: head,
      packets: result.packets.length,
    };
    if (result.error !== undefined) reply.error = { ...result.error };
    return reply;
  });
}

/** A packetdrill script (issue 12): its run against the scripted peer, every expectation a note
 * saying met or failed; what the script cannot express is a note too, with its line. */
function openScript(bytes: Uint8Array, fileName: string): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail({ kind: 'traceProblems', problems: [{ path: '$', message: 'the script is not UTF-8 text' }], total: 1 });
    return;
  }
  progress('parse', 0);
  const { result } = runWithResult({ path: fileName, text });
  kept = undefined;
  postTrace(scriptTrace(result, fileName, 'linux'), (trace) => ({ type: 'trace', trace }));
}

/**
 * The diagram of the trace last sent, laid out here with the same text measurement as the page's
 * (canvas-measure.ts, on an OffscreenCanvas) and kept: the page gets its head, then the items of
 * the rows near its view as it moves (src/diagram/transfer.ts).
 */
function layOut(id: number, options: SentLayoutOptions): void {
  if (sent === undefined) {
    post({ type: 'layout-failed', id, message: 'the trace is no longer in memory' });
    return;
  }
  measure ??= createCanvasMeasure();
  laidOut = undefined;
  const layout = layoutTrace(sent, { ...options, measure });
  laidOut = { id, layout };
  const head = layoutHead(layout);
  // Every event's y and span are moved, not copied: windows are found through the y index alone.
  scope.postMessage({ type: 'layout', id, head }, headBuffers(head));
}

function sendWindow(id: number, top: number, bottom: number): void {
  // A window of a layout since replaced is not answered: the page asks the new one.
  if (laidOut?.id !== id) return;
  const window = itemsWindow(laidOut.layout, top, bottom);
  scope.postMessage({ type: 'layout-window', id, window }, [window.ids.buffer as ArrayBuffer]);
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'layout-window') {
    sendWindow(request.id, request.top, request.bottom);
    return;
  }
  if (request.type === 'layout') {
    try {
      layOut(request.id, request.options);
    } catch (error) {
      post({ type: 'layout-failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (request.type === 'rename') {
    if (kept === undefined) {
      fail({ kind: 'unreadable', message: 'the capture is no longer in memory' });
      return;
    }
    const trace = captureToTrace(kept.result, { fileName: kept.fileName, names: request.names });
    postTrace(trace, (head) => ({ type: 'renamed', trace: head }));
    return;
  }
  const { file } = request;
  if (file.size > importLimits.maxCaptureBytes) {
    fail({ kind: 'tooLarge', bytes: file.size, limit: importLimits.maxCaptureBytes });
    return;
  }
  progress('read', 0);
  const bytes = await readAll(file);
  if (/\.pkt$/i.test(file.name)) openScript(bytes, file.name);
  else if (looksLikeJson(bytes)) openTrace(bytes);
  else openCapture(bytes, file.name);
}

scope.addEventListener('message', (event) => {
  handle(event.data).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    fail({ kind: 'unreadable', message: message === '' ? 'unknown error' : message });
  });
});
