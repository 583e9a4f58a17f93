// What a rule is: an id from the catalogue plus a small pure function from an Analysis to results.
import type { Evidence, Severity } from '../../contracts/check.js';
import type { Analysis } from '../analysis.js';
import type { RuleMeta } from '../policy/pack.js';

/** What a rule reports; the engine adds rule id, clause, severity and default remedy from the pack. */
export interface RuleResult {
  message: string;
  evidence?: Evidence;
  /** Overrides the pack's remedy when a more specific fix is known. */
  remedy?: string;
  /** The rule needed context it did not get: reported as an advisory, never silently passed. */
  undecided?: boolean;
}

export interface Rule {
  readonly id: string;
  evaluate(a: Analysis, meta: RuleMeta): RuleResult[];
}

export function undecided(message: string, field?: string): RuleResult {
  return field === undefined ? { message, undecided: true } : { message, undecided: true, evidence: { field } };
}

export type { Severity };
