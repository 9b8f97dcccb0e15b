// The built-in scenario library: one JSON file per lesson, validated when loaded.
import type { Scenario } from '../schema';
import { validateScenario } from '../validate';
import tcpEcho from './tcp-echo.json';
// group A (imports)
// group B (imports)

const raw: unknown[] = [
  tcpEcho,
  // group A (entries)
  // group B (entries)
];

function load(json: unknown): Scenario {
  const result = validateScenario(json);
  if (!result.ok) {
    const id = (json as { id?: unknown }).id;
    const first = result.problems[0];
    throw new Error(`built-in scenario ${String(id)} is invalid: ${first?.path}: ${first?.message}`);
  }
  return result.scenario;
}

export const builtinScenarios: readonly Scenario[] = raw.map(load);

export function findScenario(id: string): Scenario | undefined {
  return builtinScenarios.find((scenario) => scenario.id === id);
}
