// Who and what the post's images show: declared people resolved against the roster, plus what image analysis detected.
import type { PostImage } from '../../contracts/check.js';
import { type Analysis, memoSlot } from '../analysis.js';
import { districtRefs, mentionsDistrict } from './district.js';
import { photoOnPremises } from './geofence.js';
import { lexiconRegex } from './text.js';

// This module's memoised analyzer: a slot in every check.
const IMAGE_FACTS = memoSlot('image-facts');

/**
 * `unresolved`: an id given while the context holds no roster, so nobody can tell who it is
 * (rules that need the person's kind are undecided, not silent). `unknown`: nobody has said
 * who the person is, or the id is not in the roster.
 */
export type DepictedKind = 'student' | 'employee' | 'guardian' | 'other' | 'unknown' | 'unresolved';

export interface Depicted {
  /** Roster id when the image names one. */
  id?: string;
  name?: string;
  kind: DepictedKind;
  /** An id that is not in context.people (the roster was given and does not hold it). */
  unknownId?: boolean;
}

export type FaceBox = [number, number, number, number];

export interface ImageFacts {
  index: number;
  image: PostImage;
  /** Declared people, each id once. */
  people: Depicted[];
  /** Detected faces beyond the people declared: nobody has said who they are. */
  extraFaces: FaceBox[];
}

/** Detections below this confidence are noise, not people (face-api's own default cut-off). */
export const MIN_FACE_SCORE = 0.5;
/** A floor-plan detection must be at least this sure before it blocks a post. */
export const MIN_FLOOR_PLAN_SCORE = 0.5;

const NONE: readonly ImageFacts[] = [];

export function imageFacts(a: Analysis): readonly ImageFacts[] {
  // Most posts have no image: no work, no memo entry.
  if (a.post.images === undefined || a.post.images.length === 0) return NONE;
  return a.get(IMAGE_FACTS, () =>
    (a.post.images ?? []).map((image, index) => {
      const people: Depicted[] = [];
      const seen = new Set<string>();
      for (const d of image.depicts ?? []) {
        if (typeof d === 'string') {
          if (seen.has(d)) continue;
          seen.add(d);
          const p = a.ctx.person(d);
          if (p !== undefined) people.push({ id: d, name: p.name, kind: p.kind });
          // The author is an employee even when the roster is not given.
          else if (d === a.post.author) people.push({ id: d, kind: 'employee' });
          else if (a.ctx.has('people')) people.push({ id: d, kind: 'unknown', unknownId: true });
          else people.push({ id: d, kind: 'unresolved' });
        } else {
          const x: Depicted = { kind: d.kind };
          if (d.name !== undefined) x.name = d.name;
          people.push(x);
        }
      }
      return { index, image, people, extraFaces: extraFaces(image, people.length) };
    }),
  );
}

/**
 * Faces are matched to declared people by count only: there is no face recognition, by design.
 * The declared people are taken to be the most prominent faces (largest boxes); the smaller
 * ones left over are the people nobody has named.
 */
function extraFaces(image: PostImage, declared: number): FaceBox[] {
  const faces = (image.detected?.faces ?? []).filter((f) => f.score >= MIN_FACE_SCORE);
  if (faces.length <= declared) return [];
  const area = (b: FaceBox) => Math.abs(b[2] * b[3]);
  const order = faces.map((f, i) => ({ box: f.box, i })).sort((x, y) => area(y.box) - area(x.box) || x.i - y.i);
  // Report the leftovers in the order the detector gave them, so evidence is stable.
  return order
    .slice(declared)
    .sort((x, y) => x.i - y.i)
    .map((f) => f.box);
}

/** Settings that say where a photo was taken on district premises. */
const ON_PREMISES = new Set(['school-building', 'classroom', 'restricted-area', 'floor-plan']);

/**
 * What a photo's description names of nonpublic premises (floor plans, maps, security details,
 * staff-only areas), precision first: only for photos of district premises, that is, the setting
 * says so, the photo's GPS position is inside a building's geofence, or the description or the post names the school or district ("a restricted area sign
 * at the national park" is not district property). Off-site and public-event photos never count.
 */
export function nonpublicPremisesIn(a: Analysis, image: PostImage): string | undefined {
  const description = image.description;
  if (description === undefined || image.setting === 'off-site' || image.setting === 'public-event') return undefined;
  const re = a.pack.compiled('nonpublic-premises', (p) => lexiconRegex(p.lexicon('nonpublic-premises'), 'iu'));
  const m = re?.exec(description) ?? null;
  if (m === null) return undefined;
  if (image.setting !== undefined && ON_PREMISES.has(image.setting)) return m[0];
  // The photo's own GPS position inside a building's geofence says it was taken on district premises.
  if (photoOnPremises(a, image) !== undefined) return m[0];
  const start = m.index;
  const end = start + m[0].length;
  const places = a.pack.compiled('school-premises', (p) => lexiconRegex(p.lexicon('school-premises'), 'giu'));
  if (places !== null) {
    places.lastIndex = 0;
    for (let x = places.exec(description); x !== null; x = places.exec(description)) if (x.index + x[0].length <= start || x.index >= end) return m[0];
  }
  return mentionsDistrict(a, description) || districtRefs(a).length > 0 ? m[0] : undefined;
}
