// An imported capture's metadata as every view reads it (types.ts CaptureMeta, `meta.pcap`,
// typed and validated with the Trace): what its absence, in a simulated or real run, reads as.
import type { CaptureConnection, CaptureMeta, Trace } from '../types';

export function captureMeta(trace: Trace): CaptureMeta | undefined {
  return trace.meta.pcap;
}

/** The TCP connections the importer listed (the first captureMetaLimits.maxConnections). */
export function captureConnections(trace: Trace): readonly CaptureConnection[] {
  return trace.meta.pcap?.connections ?? [];
}

/** How many TCP connections the capture holds, listed or not. */
export function captureConnectionCount(trace: Trace): number {
  return trace.meta.pcap?.connectionCount ?? 0;
}
