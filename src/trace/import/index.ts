// The capture importer: pcap/pcapng bytes -> decoded packets (parseCapture) -> a Trace with
// inferred TCP states (captureToTrace). Pure TypeScript: runs in the browser and in Node.
export { parseCapture } from './parse';
export { captureToTrace, otherHosts, type CaptureToTraceOptions } from './to-trace';
export { inferTcpStates, firstInferredSocket, midConnectionCause } from './infer';
export { linkType } from './decode';
export * from './types';

import type { Trace } from '../types';
import { parseCapture } from './parse';
import { captureToTrace, type CaptureToTraceOptions } from './to-trace';
import type { ParseOptions } from './types';

/** parseCapture then captureToTrace, for callers that want the Trace only. */
export function importCapture(bytes: Uint8Array, options: ParseOptions & CaptureToTraceOptions = {}): Trace {
  return captureToTrace(parseCapture(bytes, options), options);
}
