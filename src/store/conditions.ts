// Network conditions the learner edits live. Each field overrides the scenario's own value only
// when set, so "reset" is just the empty object and a link restores exactly what was shared.
import type { LinkOptions } from '../scenario/schema';
import type { SimOptions } from '../sim';

export type Profile = 'linux' | 'rfc';

export interface Conditions {
  latencyMs?: number;
  jitterMs?: number;
  lossProbability?: number;
  duplicateProbability?: number;
  reorderProbability?: number;
  /** 0 means unlimited. */
  bandwidthKbps?: number;
  /** false forces TCP_NODELAY on every socket; undefined leaves each socket's own setting. */
  nagle?: boolean;
  profile?: Profile;
}

/** Upper bounds, the same as the scenario schema's, so an override can never make a run invalid. */
export const conditionLimits = {
  latencyMs: 60_000,
  jitterMs: 60_000,
  lossProbability: 1,
  duplicateProbability: 1,
  reorderProbability: 1,
  bandwidthKbps: 100_000_000,
} as const;

export type NumericCondition = keyof typeof conditionLimits;

export function isValidCondition(key: NumericCondition, value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= conditionLimits[key];
}

/** The simulator options for a seed and the learner's overrides. */
export function toSimOptions(seed: number, conditions: Conditions): SimOptions {
  const link: LinkOptions = {};
  for (const key of Object.keys(conditionLimits) as NumericCondition[]) {
    const value = conditions[key];
    if (value !== undefined) link[key] = value;
  }
  const options: SimOptions = { seed };
  if (Object.keys(link).length > 0) options.link = link;
  if (conditions.profile !== undefined) options.profile = conditions.profile;
  if (conditions.nagle === false) options.noDelay = true;
  return options;
}

/** Drops undefined fields, so two equal condition sets compare equal as JSON. */
export function cleanConditions(conditions: Conditions): Conditions {
  return Object.fromEntries(Object.entries(conditions).filter(([, value]) => value !== undefined)) as Conditions;
}
