// One-click remedies the check page offers, as pure edits of the draft (the server decides what is wrong).
import type { Finding } from './types';

export const DISCLAIMER = 'Views are my own and do not necessarily reflect those of the district.';

export interface Remedy {
  label: string;
  apply: (text: string) => string;
}

export function remedyFor(f: Finding): Remedy | undefined {
  const e = f.evidence;
  switch (f.rule) {
    case 'missing-disclaimer':
      return { label: 'Insert a disclaimer', apply: (t) => `${t.trimEnd()}\n\n${DISCLAIMER}` };
    case 'spokesperson-not-disclosed':
      return { label: 'Say you work for the district', apply: (t) => `${t.trimEnd()}\n\n(I work for the district.)` };
    case 'district-email-on-public-network':
    case 'confidential-information':
    case 'obscene-language':
      if (e && 'start' in e) {
        const label = f.rule === 'district-email-on-public-network' ? 'Remove the district e-mail' : f.rule === 'obscene-language' ? 'Remove these words' : 'Remove the private detail';
        return {
          label,
          apply: (t) => (t.slice(e.start, e.end) === e.quote ? (t.slice(0, e.start) + t.slice(e.end)).replace(/ {2,}/g, ' ') : t),
        };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Who to ask for a consent a finding says is missing: a student's guardians or a co-worker (the server sends it). */
export interface ConsentAskTarget {
  kind: 'student' | 'coworker';
  subjectId: string;
}

export function consentAskFor(f: Finding): ConsentAskTarget | undefined {
  const e = f.evidence;
  if (f.undecided || !e || !('person' in e) || e.person === undefined) return undefined;
  if (f.rule === 'student-image-without-consent') return { kind: 'student', subjectId: e.person };
  if (f.rule === 'coworker-image-without-consent') return { kind: 'coworker', subjectId: e.person };
  return undefined;
}

/** The button's words: the person's name when the roster gave one. */
export function consentAskLabel(t: ConsentAskTarget, name: string | undefined): string {
  if (t.kind === 'student') return name ? `Ask ${name}'s guardians for consent` : "Ask the student's guardians for consent";
  return name ? `Ask ${name} for consent` : 'Ask your co-worker for consent';
}
