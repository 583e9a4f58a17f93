import { describe, expect, it } from 'vitest';
import type { PostImage } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'unidentified-person-in-image';
const run = (image: PostImage) => findingsOf({ context: context(), post: post('Fun day', { images: [image] }) }, RULE);

describe(RULE, () => {
  it('asks to identify a person marked unknown', () => {
    const [f] = run({ depicts: ['S200', { kind: 'unknown' }] });
    expect(f?.severity).toBe('revise');
    expect(f?.evidence).toEqual({ image: 0, detail: 'unidentified person' });
  });
  it('flags an id the roster does not know', () => {
    expect(run({ depicts: ['S999'] })[0]?.evidence).toEqual({ image: 0, person: 'S999' });
  });
  it('flags detected faces beyond the people tagged, with their boxes', () => {
    const fs = run({
      depicts: ['E101'],
      detected: { faces: [{ box: [1, 2, 30, 30], score: 0.9 }, { box: [50, 2, 30, 30], score: 0.8 }, { box: [90, 2, 30, 30], score: 0.7 }] },
    });
    expect(fs.map((f) => f.evidence)).toEqual([
      { image: 0, box: [50, 2, 30, 30], detail: 'detected face not tagged' },
      { image: 0, box: [90, 2, 30, 30], detail: 'detected face not tagged' },
    ]);
  });
  it('is quiet when everyone is identified', () => {
    expect(run({ depicts: ['S200', 'E101', { kind: 'other', name: 'my neighbor' }], detected: { faces: [{ box: [0, 0, 1, 1], score: 1 }] } })).toEqual([]);
    expect(run({ description: 'sunset over the lake' })).toEqual([]);
  });
});
