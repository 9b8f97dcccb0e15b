// The capture importer: pcap/pcapng bytes -> decoded packets (parseCapture, or one at a time:
// scanCapture) -> a Trace with inferred TCP states (captureToTrace; importCapture straight from
// the bytes, keeping no decoded packet; streamCaptureTrace, handing the Trace out as it is made).
// Pure TypeScript: runs in the browser and in Node.
export { parseCapture, scanCapture } from './parse';
export {
  captureToTrace,
  importCapture,
  otherHosts,
  streamCaptureTrace,
  type CaptureToTraceOptions,
  type TraceHead,
  type TraceStream,
} from './to-trace';
export { inferTcpStates, firstInferredSocket, midConnectionCause } from './infer';
export { linkType } from './decode';
export * from './types';
