// What this machine lets the bridge do for real: capture packets (tcpdump with the rights), record
// TCP states from the kernel's tracepoints (root and tracefs) and run scenario programs
// (python3). Said once at start, and shown in the UI and the CLI with the reason.
import { spawnSync } from 'node:child_process';
import type { Capabilities } from '../src/bridge-protocol/messages';
import { tracepointAvailability } from './capture/tracepoints';
import { captureAvailability } from './capture/tcpdump';
import { machineLinkAvailability } from './netns/link';
import type { DetectCapabilities } from './run-contract';

export const detectCapabilities: DetectCapabilities = async () => {
  const [capture, tracing] = await Promise.all([captureAvailability(), tracepointAvailability()]);
  const python = spawnSync('python3', ['--version'], { timeout: 5000 }).status === 0;
  const link = machineLinkAvailability();
  const states: Partial<Capabilities> = {
    ...(tracing.ok ? { states: 'tracepoints' } : { states: 'ss', statesReason: tracing.reason }),
    ...(link.ok ? { link: 'namespaces' } : { link: 'loopback', linkReason: link.reason }),
  };
  return capture.ok
    ? { capture: true, python, ...states }
    : { capture: false, captureReason: capture.reason, python, ...states };
};
