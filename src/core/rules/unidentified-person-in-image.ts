// Rule unidentified-person-in-image (IV.A.1–2): consent can only be checked for people who are identified.
import { imageFacts } from '../analyzers/images.js';
import { undecided, type Rule, type RuleResult } from './rule.js';

export const unidentifiedPersonInImage: Rule = {
  id: 'unidentified-person-in-image',
  evaluate(a) {
    const images = imageFacts(a);
    if (images.length === 0) return [];
    const out: RuleResult[] = [];
    for (const img of images) {
      // The named file could not be read (the CLI's "no such file"): who is in it rests on what the post declares.
      const unread = img.image.detected?.unread;
      if (unread !== undefined) out.push(undecided(`Photo ${img.index + 1}: ${unread}, so faces in it were not counted; the check stands on what the post declares about it.`, `post.images[${img.index}].file`));
      // Ids given without a roster are "unresolved", not unidentified: the consent rules say they are undecided.
      for (const p of img.people) {
        if (p.kind !== 'unknown') continue;
        if (p.unknownId === true && p.id !== undefined) {
          out.push({
            message: `Photo ${img.index + 1} names "${p.id}", who is not in the district's records, so consent cannot be checked.`,
            evidence: { image: img.index, person: p.id },
            remedy: `Correct the id "${p.id}", or tag the person as a student, co-worker or other person.`,
          });
        } else {
          out.push({
            message: `Photo ${img.index + 1} shows a person who is not identified as a student, co-worker or other person.`,
            evidence: { image: img.index, detail: 'unidentified person' },
          });
        }
      }
      for (const box of img.extraFaces) {
        out.push({
          message: `Photo ${img.index + 1} shows a face that no one was tagged for.`,
          evidence: { image: img.index, box, detail: 'detected face not tagged' },
          remedy: 'Tag who this is (student, co-worker or other person), or crop them out.',
        });
      }
    }
    return out;
  },
};
