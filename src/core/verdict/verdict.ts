// Findings → allow | revise | block. The one home of severity precedence.
import type { Finding, Severity, Verdict } from '../../contracts/check.js';

/**
 * Precedence: a single `block` finding decides the verdict (the post must not go out);
 * otherwise any `revise` finding asks the author to act first; `advisory` findings
 * (including undecided rules) never change the verdict by themselves.
 */
const RANK: Record<Severity, number> = { advisory: 0, revise: 1, block: 2 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function decideVerdict(findings: readonly Finding[]): Verdict {
  let worst = 0;
  for (const f of findings) if (RANK[f.severity] > worst) worst = RANK[f.severity];
  return worst === 2 ? 'block' : worst === 1 ? 'revise' : 'allow';
}

/** Most severe first, then by position in the text, so the reader sees what matters first. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => {
    const d = RANK[b.severity] - RANK[a.severity];
    if (d !== 0) return d;
    const sa = a.evidence && 'start' in a.evidence ? a.evidence.start : Number.MAX_SAFE_INTEGER;
    const sb = b.evidence && 'start' in b.evidence ? b.evidence.start : Number.MAX_SAFE_INTEGER;
    return sa - sb;
  });
}
