// Rule harassment-or-threat (IV.A, Policy 413): no threatening, harassing, bullying, libelous or defamatory communication.
import { backstop, byModel } from '../analyzers/backstop.js';
import { conditionalThreats } from '../analyzers/conditional-threat.js';
import { dehumanizing } from '../analyzers/dehumanizing.js';
import { groupHatePredicates } from '../analyzers/group-hate.js';
import { harms, type HarmKind, type HarmMatch } from '../analyzers/threat.js';
import { criticisesThingOnly } from '../analyzers/thing-criticism.js';
import type { Analysis } from '../analysis.js';
import type { Rule } from './rule.js';

const WHAT: Record<HarmKind, string> = {
  threat: 'reads as a threat',
  insult: 'demeans an identifiable person (bullying)',
  accusation: 'makes a damaging factual accusation against an identifiable person (possible defamation)',
  'group-hate': 'demeans people for a protected characteristic (Policy 413)',
};

/** The phrase lists first, then the general detectors (conditional threats, dehumanising or excluding a protected group) where they add a new span. */
function found(a: Analysis): HarmMatch[] {
  const out: HarmMatch[] = [...harms(a)];
  const extra: HarmMatch[] = [
    ...conditionalThreats(a).map((s): HarmMatch => ({ ...s, kind: 'threat' })),
    ...dehumanizing(a)
      .filter((d) => d.group === 'protected')
      .map((d): HarmMatch => ({ start: d.start, end: d.end, quote: d.quote, kind: 'group-hate' })),
    ...groupHatePredicates(a).map((s): HarmMatch => ({ ...s, kind: 'group-hate' })),
  ];
  for (const m of extra) if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m);
  return out.sort((x, y) => x.start - y.start);
}

export const harassmentOrThreat: Rule = {
  id: 'harassment-or-threat',
  evaluate(a) {
    const hits = found(a);
    if (hits.length === 0) {
      // The phrase lists and detectors left the post clean: the threat post model (policy/471/models/post-threat.json) may
      // still read it as a threat, harassment or defamation (a veiled threat, an insinuation, contempt for a group).
      const s = backstop(a, 'threat');
      // "The board's new phone policy is a joke": criticism of a thing that points at no one is an opinion, not harassment.
      return s === undefined || criticisesThingOnly(a, s) ? [] : [{ message: byModel(s, 'reads as threatening, harassing or defamatory'), evidence: { start: s.start, end: s.end, quote: s.quote } }];
    }
    return hits.map((h) => ({
      message: `"${h.quote}" ${WHAT[h.kind]}${h.target !== undefined ? ` (aimed at ${h.target})` : ''}.`,
      evidence: { start: h.start, end: h.end, quote: h.quote },
    }));
  },
};
