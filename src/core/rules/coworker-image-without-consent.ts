// Rule coworker-image-without-consent (IV.A.1): no images of co-workers without their consent, given to the author.
import { imageFacts } from '../analyzers/images.js';
import { consentsOnFile, currentConsents } from '../analyzers/records.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const coworkerImageWithoutConsent: Rule = {
  id: 'coworker-image-without-consent',
  evaluate(a) {
    const images = imageFacts(a);
    if (images.length === 0) return [];
    const out: RuleResult[] = [];
    const author = a.post.author;
    const unresolved = new Set<string>();
    for (const img of images) {
      for (const p of img.people) {
        if (p.kind === 'unresolved' && p.id !== undefined) unresolved.add(p.id);
        // The author needs no consent to post their own picture.
        if (p.kind !== 'employee' || (p.id !== undefined && p.id === author)) continue;
        const who = p.name ?? p.id ?? 'a co-worker';
        if (p.id === undefined) {
          out.push({
            message: `Photo ${img.index + 1} shows a co-worker${p.name ? ` (${p.name})` : ''} who is not in the district's records, so no consent from them can be on file.`,
            evidence: { image: img.index, detail: 'co-worker not in the roster' },
            remedy: 'Ask the co-worker for consent and record it, or remove or crop the photo.',
          });
          continue;
        }
        if (!a.ctx.has('consents')) {
          out.push(undecided(`Photo ${img.index + 1} shows co-worker ${p.id}, but no consents were given to check.`, 'context.consents'));
          continue;
        }
        if (author === undefined) {
          out.push(undecided(`Photo ${img.index + 1} shows co-worker ${p.id}, but the post names no author, so a consent given to them cannot be found.`, 'post.author'));
          continue;
        }
        // IV.A.1: the co-worker's consent, given to this author. A consent to someone else, or one
        // that names nobody, does not let this author post the picture.
        const current = currentConsents(a, p.id, 'coworker-image');
        if (current.some((c) => c.grantee === author)) continue;
        let why = 'no consent from them to you is on file';
        if (current.some((c) => c.grantee === undefined)) why = 'their consent on file does not say who it was given to';
        else if (current.length > 0) why = 'their consent on file was given to someone else';
        else if (consentsOnFile(a, p.id, 'coworker-image').some((c) => c.grantee === author)) why = 'their consent to you is not current (expired, not yet valid or revoked)';
        out.push({
          message: `Photo ${img.index + 1} shows co-worker ${who} (${p.id}) and ${why}.`,
          evidence: { image: img.index, person: p.id },
          remedy: `Ask ${who} for consent and record it, or remove the photo.`,
        });
      }
    }
    if (unresolved.size > 0) {
      out.push(undecided(`The photos name ${[...unresolved].join(', ')}, but without the roster (context.people) it is not known whether they are co-workers.`, 'context.people'));
    }
    return out;
  },
};
