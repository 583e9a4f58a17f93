// Rule confidential-information (IV.A, IV.D): no confidential or privacy-protected information about students or employees.
import { backstop, byModel } from '../analyzers/backstop.js';
import { confidential, introducedAsFamily } from '../analyzers/confidential.js';
import { counselingVisit } from '../analyzers/counseling.js';
import { personMentions } from '../analyzers/people.js';
import { studentRecordPhoto } from '../analyzers/record-photo.js';
import type { Rule } from './rule.js';

export const confidentialInformation: Rule = {
  id: 'confidential-information',
  evaluate(a) {
    const hits = confidential(a);
    if (hits.length === 0) {
      // A photo of a roster or gradebook with students' names and records readable discloses them whatever the words say.
      const photo = studentRecordPhoto(a);
      if (photo !== undefined) return [{ message: `Photo ${photo.image + 1} shows ${photo.detail} (from the photo's description): students' records are private data.`, evidence: { image: photo.image, detail: photo.detail }, remedy: 'Remove the photo, or blur every name and record on it.' }];
      // A counselor or nurse telling that a named student cries or hides in their office tells a counseling or health record.
      const visit = counselingVisit(a);
      if (visit !== undefined) return [{ message: `"${visit.quote}" tells a named student's visits to a counselor's or nurse's office, part of a counseling or health record.`, evidence: visit, remedy: 'Remove it; who comes to your office, and why, is private.' }];
      // The lexicons left the post clean: the backstop model (policy/471/models/backstop-confidential.json) may flag a
      // sentence, which counts only when it names an identifiable student or colleague (not a group).
      const s = backstop(a, 'confidential');
      // The author's own family ("my daughter Emma") is theirs to talk about.
      if (s === undefined || !personMentions(a).some((m) => m.group !== true && m.start >= s.start && m.end <= s.end && !introducedAsFamily(a, m))) return [];
      return [{ message: byModel(s, 'discloses private information about an identifiable student or colleague'), evidence: { start: s.start, end: s.end, quote: s.quote }, remedy: 'Remove the private information.' }];
    }
    return hits.map((m) => ({
      message:
        m.kind === 'student-record'
          ? `"${m.quote}" reveals part of ${m.about ?? 'a student'}'s education record (protected under FERPA, the Minnesota Government Data Practices Act and Policy 515).`
          : m.kind === 'personnel'
            ? `"${m.quote}" discusses a personnel or health matter${m.about ? ` about ${m.about}` : ''}, which is private data.`
            : m.kind === 'nonpublic'
              ? `"${m.quote}" reveals nonpublic district information.`
            : `The post reveals ${m.what}${m.about ? ` of ${m.about}` : ''}.`,
      evidence: { start: m.start, end: m.end, quote: m.quote },
      remedy: m.kind === 'personnel' ? 'Remove the personnel information.' : m.kind === 'nonpublic' ? 'Remove it; nonpublic district information stays inside the district.' : 'Remove the private information; share student achievements only in ways the family has agreed to.',
    }));
  },
};
