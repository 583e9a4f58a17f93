// Rule student-image-without-consent (IV.A.2): no student images without written parental consent, except in the public arena.
import type { Consent } from '../../contracts/check.js';
import { imageFacts } from '../analyzers/images.js';
import { currentConsents } from '../analyzers/records.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

/** Who may give parental consent. A consent granted by anyone else (a student, a teacher) is not parental. */
const PARENTAL = /^(parent|guardian|legal[- ]guardian|parent\/guardian|mother|father|foster parent|custodian)s?$/i;

export function coversAccount(c: Consent, accountKind: 'personal' | 'district'): boolean {
  if (c.scope === undefined || c.scope.length === 0) return true;
  return c.scope.includes(accountKind === 'personal' ? 'personal-accounts' : 'district-accounts');
}

export const studentImageWithoutConsent: Rule = {
  id: 'student-image-without-consent',
  evaluate(a) {
    const out: RuleResult[] = [];
    const accountKind = a.isPersonalAccount ? 'personal' : 'district';
    for (const img of imageFacts(a)) {
      const students = img.people.filter((p) => p.kind === 'student');
      if (students.length === 0) continue;
      // IV.A.2's exception: images taken in the public arena (sporting events, fine arts public performances).
      if (img.image.setting === 'public-event') continue;
      for (const s of students) {
        const who = s.name ?? s.id ?? 'a student';
        if (s.id === undefined) {
          out.push({
            message: `Photo ${img.index + 1} shows a student who is not identified, so no written parental consent can be on file.`,
            evidence: { image: img.index, detail: 'unidentified student' },
            remedy: 'Identify the student so consent can be checked, or remove or crop the photo.',
          });
          continue;
        }
        if (!a.ctx.has('consents')) {
          out.push(undecided(`Photo ${img.index + 1} shows student ${s.id}, but no consents were given to check.`, 'context.consents'));
          continue;
        }
        const all = currentConsents(a, s.id, 'student-image');
        const valid = all.filter((c) => c.written !== false && (c.grantedBy === undefined || PARENTAL.test(c.grantedBy)));
        const scoped = valid.filter((c) => coversAccount(c, accountKind));
        if (scoped.length > 0) continue;
        const why =
          valid.length > 0
            ? `the written parental consent on file does not cover ${accountKind === 'personal' ? "employees' personal accounts" : 'district accounts'}`
            : all.length > 0
              ? 'the consent on file is not a written consent from a parent or guardian'
              : 'no current written parental consent is on file';
        out.push({
          message: `Photo ${img.index + 1} shows student ${who} (${s.id}) and ${why}.`,
          evidence: { image: img.index, person: s.id },
          remedy: `Remove the photo, or send a consent request to ${who}'s guardians and post once written consent is on file.`,
        });
      }
    }
    return out;
  },
};
