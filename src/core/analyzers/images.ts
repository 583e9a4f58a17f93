// Who and what the post's images show: declared people resolved against the roster, plus what image analysis detected.
import type { PostImage } from '../../contracts/check.js';
import type { Analysis } from '../analysis.js';
import { phraseRegex } from './text.js';

export type DepictedKind = 'student' | 'employee' | 'guardian' | 'other' | 'unknown';

export interface Depicted {
  /** Roster id when the image names one. */
  id?: string;
  name?: string;
  kind: DepictedKind;
  /** An id that is not in context.people. */
  unknownId?: boolean;
}

export interface ImageFacts {
  index: number;
  image: PostImage;
  people: Depicted[];
  /** Detected faces beyond the people declared: nobody has said who they are. */
  extraFaces: Array<[number, number, number, number]>;
}

export function imageFacts(a: Analysis): ImageFacts[] {
  return a.get('image-facts', () =>
    (a.post.images ?? []).map((image, index) => {
      const people: Depicted[] = [];
      for (const d of image.depicts ?? []) {
        if (typeof d === 'string') {
          const p = a.ctx.person(d);
          if (p !== undefined) people.push({ id: d, name: p.name, kind: p.kind });
          else if (d === a.post.author) people.push({ id: d, kind: 'employee' });
          else people.push({ id: d, kind: 'unknown', unknownId: a.ctx.has('people') });
        } else {
          const x: Depicted = { kind: d.kind };
          if (d.name !== undefined) x.name = d.name;
          people.push(x);
        }
      }
      const faces = image.detected?.faces ?? [];
      // Faces are matched to declared people by count only: there is no recognition, by design.
      const extraFaces = faces.length > people.length ? faces.slice(people.length).map((f) => f.box) : [];
      return { index, image, people, extraFaces };
    }),
  );
}

/** Descriptions that name floor plans, maps, security details or staff-only areas (precision first). */
export function nonpublicPremisesIn(a: Analysis, description: string): string | undefined {
  const re = a.pack.compiled('nonpublic-premises', (p) => phraseRegex(p.lexicon('nonpublic-premises'), 'iu'));
  if (re === null) return undefined;
  const m = re.exec(description);
  return m === null ? undefined : m[0];
}
