// What this machine lets the bridge do for real: capture packets (tcpdump with the rights) and
// run scenario programs (python3). Said once at start, and shown in the UI with the reason.
import { spawnSync } from 'node:child_process';
import { captureAvailability } from './capture/tcpdump';
import type { DetectCapabilities } from './run-contract';

export const detectCapabilities: DetectCapabilities = async () => {
  const capture = await captureAvailability();
  const python = spawnSync('python3', ['--version'], { timeout: 5000 }).status === 0;
  return capture.ok ? { capture: true, python } : { capture: false, captureReason: capture.reason, python };
};
