export { explainEvent, rfcUrl, segmentEntry, transitionEntry } from './explain';
export type { Explanation } from './explain';
