// IV.C permissions: what the post relies on that the policy explicitly allows (never a finding by itself).
import type { Analysis } from '../analysis.js';

/** Placeholder until the district-speech analyzers land: reports IV.C.1 when the bio carries work information. */
export function detectPermissions(a: Analysis): string[] {
  return a.get('permissions', () => [] as string[]);
}
