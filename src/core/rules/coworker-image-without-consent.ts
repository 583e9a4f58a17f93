// Rule coworker-image-without-consent (IV.A.1): no images of co-workers without their consent, given to the author.
import { imageFacts } from '../analyzers/images.js';
import { currentConsents } from '../analyzers/records.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const coworkerImageWithoutConsent: Rule = {
  id: 'coworker-image-without-consent',
  evaluate(a) {
    const out: RuleResult[] = [];
    const author = a.post.author;
    for (const img of imageFacts(a)) {
      for (const p of img.people) {
        if (p.kind !== 'employee' || (p.id !== undefined && p.id === author)) continue;
        const who = p.name ?? p.id ?? 'a co-worker';
        if (p.id === undefined) {
          out.push({
            message: `Photo ${img.index + 1} shows a co-worker${p.name ? ` (${p.name})` : ''} who is not in the roster, so no consent can be on file.`,
            evidence: { image: img.index, detail: 'co-worker not in the roster' },
            remedy: 'Ask the co-worker for consent and record it, or remove or crop the photo.',
          });
          continue;
        }
        if (!a.ctx.has('consents')) {
          out.push(undecided(`Photo ${img.index + 1} shows co-worker ${p.id}, but no consents were given to check.`, 'context.consents'));
          continue;
        }
        const given = currentConsents(a, p.id, 'coworker-image');
        // A consent names its grantee; one without a grantee is consent to any colleague posting.
        if (given.some((c) => c.grantee === undefined || c.grantee === author)) continue;
        const elsewhere = given.length > 0 ? ' (their consent on file was given to someone else)' : '';
        out.push({
          message: `Photo ${img.index + 1} shows co-worker ${who} (${p.id}) and no consent from them to you is on file${elsewhere}.`,
          evidence: { image: img.index, person: p.id },
          remedy: `Ask ${who} for consent and record it, or remove the photo.`,
        });
      }
    }
    return out;
  },
};
