export { deliverChoice, explainAt, explainEvent, factsAt, rfcUrl, segmentChoice, transitionChoice } from './explain';
export type { EventFacts, Explanation } from './explain';
