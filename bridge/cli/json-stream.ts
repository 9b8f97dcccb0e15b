// A Trace written as JSON piece by piece (issue 15, finding 8): the same text as
// JSON.stringify(trace), but the events go out in chunks of about 64 KiB, so a large trace never
// exists a second time as one string (514 MB for a capture of 1,000,000 SYNs).
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
