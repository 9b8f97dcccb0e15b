import type { LinkOptions, Scenario } from '../scenario/schema';
import type { Trace } from '../trace/types';

export interface SimOptions {
  seed?: number;
  profile?: 'linux' | 'rfc';
  /** Overrides applied to the link in both directions (CLI --loss, --latency-ms, UI controls). */
  link?: LinkOptions;
  /** Forces TCP_NODELAY on (true) or leaves every socket's own setting (undefined). */
  noDelay?: boolean;
  maxEvents?: number;
}

export class SimulationError extends Error {}

export function simulate(_scenario: Scenario, _options: SimOptions = {}): Trace {
  throw new SimulationError('not implemented yet');
}
