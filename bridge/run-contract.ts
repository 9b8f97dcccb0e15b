// The contract between the bridge server and the real-socket runner (bridge/runner), so either
// side can be built and tested alone: the server passes a checked scenario and an AbortSignal,
// the runner streams events and status and resolves with the whole Trace.
import type { BridgeStatusMessage, Capabilities, RunOptions } from '../src/bridge-protocol/messages';
import type { Scenario } from '../src/scenario/schema';
import type { LocalizedText, Trace, TraceEvent } from '../src/trace/types';

export type { BridgeStatusMessage, Capabilities } from '../src/bridge-protocol/messages';

export interface RunScenarioOptions {
  /**
   * Aborted when the client cancels, leaves, the run exceeds its time limit or the bridge stops.
   * The runner must then close every socket and end every child process (tcpdump, python3) it
   * started, and settle its promise soon (rejecting is fine).
   */
  signal: AbortSignal;
  /** Called once per event, in time order. */
  onEvent: (e: TraceEvent) => void;
  /** Progress for the user ("capturing on lo", "tcpdump not permitted: API events only"). */
  onStatus: (s: BridgeStatusMessage) => void;
  /** What the UI asked for; absent means the defaults of RunOptions. */
  options?: RunOptions;
}

/**
 * Runs a scenario that passed validateScenario and checkBridgeLimits (bridge/limits.ts). Host
 * addresses must be mapped with loopbackPlan() so nothing leaves 127.0.0.0/8, or live only in
 * network namespaces the run makes and removes (bridge/netns).
 */
export type RunScenario = (scenario: Scenario, opts: RunScenarioOptions) => Promise<Trace>;

/**
 * Why the runner cannot run a checked scenario at all (crash faults, broadcasts), asked before
 * `run-started` so that a refused run never starts; empty when it can run.
 */
export type RefuseRun = (scenario: Scenario, options?: RunOptions) => readonly LocalizedText[];

/** What this machine allows (tcpdump, python3), computed once when the bridge starts. */
export type DetectCapabilities = () => Promise<Capabilities>;
