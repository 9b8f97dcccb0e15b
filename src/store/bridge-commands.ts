// What the page asks of the bridge: connect (when the URL carries its token), run a scenario on
// real sockets, cancel. The WebSocket client (bridge-client.ts, loaded apart) registers the
// commands once connected; everything it learns goes into the one store as bridge actions.
import type { Scenario } from '../scenario/schema';
import { bridgeToken, isRunActive, runBlocker } from './bridge';
import { withLearnerFaults } from './faults';
import { currentScenario } from './lesson';
import { dispatch, useAppStore } from './store';

/** What the page asks of the connected client (bridge-client.ts). */
export interface BridgeCommands {
  /** A built-in lesson by id; a loaded one (`scenario`) is sent whole, the bridge validating it again. */
  run: (scenarioId: string, scenario?: Scenario) => void;
  cancel: () => void;
}

let commands: BridgeCommands | null = null;

/** The client registers itself once connected; null when it goes away. */
export function setBridgeCommands(next: BridgeCommands | null): void {
  commands = next;
}

/** Runs the scenario on real sockets; does nothing when no run can start (the UI says why). */
export function runReal(scenarioId: string): void {
  const state = useAppStore.getState();
  if (runBlocker(state) !== null) return;
  const loaded = state.loaded?.scenario.id === scenarioId ? state.loaded.scenario : undefined;
  // With faults the learner added, the whole scenario goes: the wire applies them for real.
  const scenario = loaded ?? (state.faults.length > 0 ? currentScenario(state) : undefined);
  commands?.run(scenarioId, scenario === undefined ? undefined : withLearnerFaults(scenario, state.faults));
}

export function cancelReal(): void {
  if (isRunActive(useAppStore.getState().run)) commands?.cancel();
}

/** Connects when the URL has a token (loading the client apart); otherwise the bridge stays "no-token". */
export function startBridge(win: Window): void {
  const token = bridgeToken(win.location.search);
  if (token === null) return;
  if (typeof WebSocket !== 'function') {
    dispatch({ type: 'down', reason: 'unsupported' });
    return;
  }
  dispatch({ type: 'connecting' });
  void import('./bridge-client')
    .then(({ connectBridge }) => connectBridge(win, token))
    .catch(() => dispatch({ type: 'down', reason: 'unreachable' }));
}
