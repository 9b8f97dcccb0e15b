// Public entry of the simulator: a scenario (and options) in, a Trace out.
export { simulate, SimulationError } from './simulator';
export type { SimOptions } from './simulator';
