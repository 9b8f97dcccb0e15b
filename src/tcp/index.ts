// The protocol vocabulary (ARCHITECTURE.md "Layers"): a leaf that sim, trace, scenario and the
// UI all import, and that imports nothing of the project's own.
export * from './errno';
export * from './flags';
export * from './payload';
export * from './seq';
export * from './socket-options';
export * from './states';
