import { describe, expect, it } from 'vitest';
import type { PostImage } from '../../contracts/check.js';
import { context, example, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'unidentified-person-in-image';
const run = (image: PostImage) => findingsOf({ context: context(), post: post('Fun day', { images: [image] }) }, RULE);
const face = (x: number, size = 30, score = 0.9) => ({ box: [x, 2, size, size] as [number, number, number, number], score });

describe(RULE, () => {
  it('asks to identify a person marked unknown', () => {
    const [f, ...rest] = run({ depicts: ['S200', { kind: 'unknown' }] });
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.A.1–2');
    expect(f?.evidence).toEqual({ image: 0, detail: 'unidentified person' });
  });

  it('a photo whose file could not be read is undecided about faces, naming the file; what was declared still counts', () => {
    const fs = run({ file: 'photos/nope.jpg', depicts: [{ kind: 'unknown' }], detected: { unread: 'cannot read photos/nope.jpg (no such file)' } });
    expect(fs.map((f) => [f.severity, f.undecided === true, f.evidence])).toEqual([
      ['revise', false, { image: 0, detail: 'unidentified person' }],
      ['advisory', true, { field: 'post.images[0].file' }],
    ]);
    expect(fs[1]?.message).toContain('no such file');
  });

  it('ex-011: the visiting adult nobody identified', () => {
    const fs = findingsOf(example('ex-011').request, RULE);
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['revise', { image: 0, detail: 'unidentified person' }]]);
  });

  it('flags an id the roster does not know', () => {
    const fs = run({ depicts: ['S999'] });
    expect(fs.map((f) => f.evidence)).toEqual([{ image: 0, person: 'S999' }]);
    expect(fs[0]?.message).toContain('not in the district');
  });

  it('does not call ids unknown when no roster was given (the consent rules are undecided instead)', () => {
    expect(findingsOf({ context: { consents: [] }, post: post('x', { images: [{ depicts: ['S999'] }] }) }, RULE)).toEqual([]);
  });

  it('flags detected faces beyond the people tagged, with their boxes', () => {
    const fs = run({ depicts: ['E101'], detected: { faces: [face(1), face(50), face(90)] } });
    expect(fs.map((f) => f.evidence)).toEqual([
      { image: 0, box: [50, 2, 30, 30], detail: 'detected face not tagged' },
      { image: 0, box: [90, 2, 30, 30], detail: 'detected face not tagged' },
    ]);
  });

  it('takes the largest faces for the people tagged, and reports the small ones', () => {
    const fs = run({ depicts: ['S200'], detected: { faces: [face(1, 10), face(50, 80)] } });
    expect(fs.map((f) => (f.evidence as { box: number[] }).box)).toEqual([[1, 2, 10, 10]]);
  });

  it('flags faces in a photo that tags nobody', () => {
    expect(run({ description: 'key cabinet', depicts: [], detected: { faces: [face(5)] } })).toHaveLength(1);
  });

  it('ignores low-confidence face detections', () => {
    expect(run({ depicts: [], detected: { faces: [face(5, 30, 0.2)] } })).toEqual([]);
  });

  it('is quiet when everyone is identified', () => {
    expect(run({ depicts: ['S200', 'E101', { kind: 'other', name: 'my neighbor' }], detected: { faces: [face(0)] } })).toEqual([]);
    expect(run({ depicts: ['S200', 'S201'], detected: { faces: [face(0), face(40)] } })).toEqual([]);
    expect(run({ depicts: [{ kind: 'student' }, { kind: 'employee' }] })).toEqual([]); // identified by kind: consent rules decide
    expect(run({ description: 'sunset over the lake' })).toEqual([]);
    expect(findingsOf({ context: context(), post: post('no photo') }, RULE)).toEqual([]);
  });

  it('reports per photo', () => {
    const fs = findingsOf({ context: context(), post: post('x', { images: [{ depicts: ['S200'] }, { depicts: [{ kind: 'unknown' }, { kind: 'unknown' }] }] }) }, RULE);
    expect(fs.map((f) => (f.evidence as { image: number }).image)).toEqual([1, 1]);
  });
});
