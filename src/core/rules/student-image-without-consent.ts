// Rule student-image-without-consent (IV.A.2): no student images without written parental consent, except in the public arena.
import { imageFacts } from '../analyzers/images.js';
import { consentsOnFile, coversAccount, currentConsents, isWrittenParental } from '../analyzers/records.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const studentImageWithoutConsent: Rule = {
  id: 'student-image-without-consent',
  evaluate(a) {
    const images = imageFacts(a);
    if (images.length === 0) return [];
    const out: RuleResult[] = [];
    const accountKind = a.isPersonalAccount ? 'personal' : 'district';
    const unresolved = new Set<string>();
    for (const img of images) {
      // IV.A.2's exception: images taken in the public arena (sporting events, fine arts public performances).
      if (img.image.setting === 'public-event') continue;
      for (const s of img.people) {
        if (s.kind === 'unresolved' && s.id !== undefined) unresolved.add(s.id);
        if (s.kind !== 'student') continue;
        const who = s.name ?? s.id ?? 'a student';
        if (s.id === undefined) {
          out.push({
            message: `Photo ${img.index + 1} shows a student${s.name ? ` (${s.name})` : ''} who is not in the district's records, so no written parental consent can be on file.`,
            evidence: { image: img.index, detail: 'student not in the roster' },
            remedy: 'Identify the student so consent can be checked, or remove or crop the photo.',
          });
          continue;
        }
        if (!a.ctx.has('consents')) {
          out.push(undecided(`Photo ${img.index + 1} shows student ${s.id}, but no consents were given to check.`, 'context.consents'));
          continue;
        }
        const current = currentConsents(a, s.id, 'student-image');
        const valid = current.filter(isWrittenParental);
        if (valid.some((c) => coversAccount(c, accountKind))) continue;
        let why: string;
        if (valid.length > 0) why = `the written parental consent on file does not cover ${accountKind === 'personal' ? "employees' personal accounts" : 'district accounts'}`;
        else if (current.length > 0) why = 'the consent on file is not a written consent from a parent or guardian';
        else if (consentsOnFile(a, s.id, 'student-image').length > 0) why = 'the consent on file is not current (expired, not yet valid or revoked)';
        else why = 'no written parental consent is on file';
        out.push({
          message: `Photo ${img.index + 1} shows student ${who} (${s.id}) and ${why}.`,
          evidence: { image: img.index, person: s.id },
          remedy: `Remove the photo, or send a consent request to ${who}'s guardians and post once written consent is on file.`,
        });
      }
    }
    if (unresolved.size > 0) {
      out.push(undecided(`The photos name ${[...unresolved].join(', ')}, but without the roster (context.people) it is not known whether they are students.`, 'context.people'));
    }
    return out;
  },
};
