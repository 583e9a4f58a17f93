// Rule unprofessional-conduct (IV.A): respectful and professional in all communications; mocking students, families or colleagues.
import { colleagueSarcasm, ironicPraise } from '../analyzers/colleague-sarcasm.js';
import { contempt, ignoranceSneer, mockAddress, mockingComparison, profaneGroupInsult, readFirstSneer, sarcasticCloser } from '../analyzers/contempt.js';
import { dehumanizing } from '../analyzers/dehumanizing.js';
import { demeaning, harms } from '../analyzers/threat.js';
import { byModel } from '../analyzers/backstop.js';
import { postModel } from '../analyzers/post-model.js';
import { toneFlagOf } from '../analyzers/tone.js';
import type { Span } from '../analyzers/text.js';
import { type Analysis, memoSlot } from '../analysis.js';
import type { Rule } from './rule.js';

// This module's memoised analyzer: a slot in every check.
const TONE_MOCKERY = memoSlot('tone-mockery');

/** The phrase list first, then the general detectors (students or families as zombies or animals, called idiots or clowns, a colleague mocked) where they add a new span. */
export function mockery(a: Analysis): Array<Span & { colleague?: true }> {
  const out: Array<Span & { colleague?: true }> = [...demeaning(a)];
  const extra = [
    ...dehumanizing(a)
      .filter((d) => d.group === 'school')
      .map((d) => ({ start: d.start, end: d.end, quote: d.quote })),
    ...colleagueSarcasm(a).map((s) => ({ ...s, colleague: true as const })),
    ...ironicPraise(a),
    ...contempt(a),
    ...mockingComparison(a),
    ...ignoranceSneer(a),
    ...mockAddress(a),
    ...sarcasticCloser(a),
    ...readFirstSneer(a),
    ...profaneGroupInsult(a),
  ];
  for (const m of extra) if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m);
  return out.sort((x, y) => x.start - y.start);
}

/**
 * The sentence the tone model reads as mocking a school group, once per post (missing-disclaimer asks too). Not a sentence the
 * harassment lists read as insulting or threatening someone ("Noah ... fumbles more than a toddler. Kid is a waste of a roster
 * spot 🙄"): that is harassment, the graver finding, as demeaning() has it for the phrase list, and no view about the district.
 */
export function toneMockery(a: Analysis): Span | undefined {
  return a.get(TONE_MOCKERY, () => {
    const s = toneFlagOf(a);
    return s === undefined || harassing(a, s) ? undefined : s;
  });
}

/** Does a harassment phrase (an insult, threat or accusation aimed at someone, or group hate) lie in the span? */
function harassing(a: Analysis, s: Span): boolean {
  return harms(a).some((h) => h.start < s.end && s.start < h.end);
}

export const unprofessionalConduct: Rule = {
  id: 'unprofessional-conduct',
  evaluate(a) {
    const found = mockery(a);
    if (found.length === 0) {
      // The lexicons left the post clean: the tone model (policy/471/models/tone.json) may still flag a sentence naming a school group.
      const s = toneMockery(a);
      if (s !== undefined) return [{ message: `"${s.quote}" reads as mocking students, families or colleagues.`, evidence: { start: s.start, end: s.end, quote: s.quote } }];
      // Nor did the tone model: the mockery post model (policy/471/models/post-mockery.json) reads the whole post (its sentence, too,
      // not one the harassment lists read as aimed at someone).
      const p = postModel(a, 'mockery');
      if (p !== undefined && !harassing(a, p)) return [{ message: byModel(p, 'reads as mocking or disrespecting students, families or colleagues'), evidence: { start: p.start, end: p.end, quote: p.quote } }];
    }
    return found.map((s) => ({
      message: s.colleague === true ? `"${s.quote}" mocks an identifiable colleague.` : `"${s.quote}" demeans or mocks students, families or colleagues.`,
      evidence: { start: s.start, end: s.end, quote: s.quote },
    }));
  },
};
