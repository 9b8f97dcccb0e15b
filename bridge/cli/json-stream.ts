// A Trace written as JSON piece by piece (issue 15, finding 8): the same text as
// JSON.stringify(trace), but the events go out in chunks of about 64 KiB, so a large trace never
// exists a second time as one string (514 MB for a capture of 1,000,000 SYNs).
import type { TraceStream } from '../../src/trace/import';
import type { Trace } from '../../src/trace/types';

/** Characters gathered before a write: large enough that writes are few, small against any trace. */
export const chunkChars = 64 * 1024;

/** Writes `JSON.stringify(trace)` through `write`, the events array a chunk at a time. */
export function writeTraceJson(trace: Trace, write: (text: string) => void): void {
  let chunk = '{';
  let first = true;
  // Same keys in the same order as JSON.stringify: own enumerable ones, undefined values left out.
  for (const [key, value] of Object.entries(trace)) {
    if (value === undefined || typeof value === 'function') continue;
    chunk += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key !== 'events' || !Array.isArray(value)) {
      chunk += JSON.stringify(value);
      continue;
    }
    chunk += '[';
    value.forEach((event: unknown, i) => {
      chunk += `${i === 0 ? '' : ','}${JSON.stringify(event) ?? 'null'}`;
      if (chunk.length >= chunkChars) {
        write(chunk);
        chunk = '';
      }
    });
    chunk += ']';
  }
  write(`${chunk}}`);
}

/**
 * A TraceStream (streamCaptureTrace) writing the same text as JSON.stringify of the whole Trace,
 * each event as it comes, a chunk at a time: the Trace never exists whole, as objects or as text.
 * `end` closes the JSON once the last event is written.
 */
export function traceJsonStream(write: (text: string) => void): TraceStream & { end(): void } {
  let chunk = '';
  let first = true;
  return {
    head(head) {
      // The head's keys come first in a Trace, then `events`, as in JSON.stringify(trace).
      chunk = `${JSON.stringify(head).slice(0, -1)},"events":[`;
    },
    event(event) {
      chunk += `${first ? '' : ','}${JSON.stringify(event)}`;
      first = false;
      if (chunk.length >= chunkChars) {
        write(chunk);
        chunk = '';
      }
    },
    end() {
      write(`${chunk}]}`);
    },
  };
}
