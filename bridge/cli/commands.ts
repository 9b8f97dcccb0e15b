// The commands themselves: each returns the JSON value to print or throws a CliError.
import type { Scenario } from '../../src/scenario/schema';
import { parseScenario } from '../../src/scenario/validate';
import type { SimOptions } from '../../src/sim';
import type { LocalizedText, Trace } from '../../src/trace/types';
import type { SimulateOptions } from './args';
import { FailureError, UsageError } from './errors';
import type { CliIo } from './io';
import { closest } from './suggest';

export interface CliDeps {
  scenarios: readonly Scenario[];
  simulate(scenario: Scenario, options: SimOptions): Trace;
  /** Thrown by simulate() for a scenario it cannot run; reported as a failure, not a crash. */
  isSimulationError(error: unknown): boolean;
  bench(): Promise<unknown>;
}

export interface ScenarioListing {
  id: string;
  title: LocalizedText;
  concepts: string[];
}

export function listScenarios(scenarios: readonly Scenario[]): ScenarioListing[] {
  return scenarios.map((s) => ({ id: s.id, title: { en: s.title.en, fr: s.title.fr }, concepts: [...s.concepts] }));
}

/** A target is a file when it looks like a path: scenario ids hold neither dots nor slashes. */
export function isFileTarget(target: string): boolean {
  return /[./\\]/.test(target);
}

export async function loadScenario(target: string, deps: CliDeps, io: CliIo): Promise<Scenario> {
  if (!isFileTarget(target)) {
    const found = deps.scenarios.find((s) => s.id === target);
    if (found !== undefined) return found;
    const suggestion = closest(
      target,
      deps.scenarios.map((s) => s.id),
    );
    const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
    throw new UsageError(`unknown scenario "${target}"${hint} (run "scenarios" for the list)`);
  }
  const result = parseScenario(await io.readTextFile(target));
  if (result.ok) return result.scenario;
  const [first, ...others] = result.problems;
  const more = others.length > 0 ? ` (and ${others.length} more)` : '';
  throw new FailureError(`${target}: ${first?.path ?? '$'}: ${first?.message ?? 'invalid scenario'}${more}`);
}

export function toSimOptions(options: SimulateOptions): SimOptions {
  const sim: SimOptions = {};
  if (options.seed !== undefined) sim.seed = options.seed;
  if (options.profile !== undefined) sim.profile = options.profile;
  if (options.lossProbability !== undefined || options.latencyMs !== undefined) {
    sim.link = {};
    if (options.lossProbability !== undefined) sim.link.lossProbability = options.lossProbability;
    if (options.latencyMs !== undefined) sim.link.latencyMs = options.latencyMs;
  }
  return sim;
}

export async function simulateCommand(
  target: string,
  options: SimulateOptions,
  deps: CliDeps,
  io: CliIo,
): Promise<Trace> {
  const scenario = await loadScenario(target, deps, io);
  try {
    return deps.simulate(scenario, toSimOptions(options));
  } catch (error) {
    if (deps.isSimulationError(error)) {
      throw new FailureError(`simulation of ${scenario.id} failed: ${(error as Error).message}`);
    }
    throw error;
  }
}
