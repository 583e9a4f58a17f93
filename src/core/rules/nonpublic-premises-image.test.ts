import { describe, expect, it } from 'vitest';
import type { PostImage } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'nonpublic-premises-image';
const run = (image: PostImage) => findingsOf({ context: context(), post: post('New year, new room', { images: [image] }) }, RULE);

describe(RULE, () => {
  it('blocks floor plans and restricted areas declared by setting', () => {
    expect(run({ setting: 'floor-plan', description: 'our wing' })[0]?.severity).toBe('block');
    expect(run({ setting: 'restricted-area', description: 'key cabinet in the bus garage dispatch office with labeled keys' })[0]?.clause).toBe('IV.A.3');
  });
  it('blocks descriptions naming security details', () => {
    expect(run({ description: 'the keypad by the north doors', setting: 'school-building' })).toHaveLength(1);
    expect(run({ description: 'Evacuation map outside room 114' })).toHaveLength(1);
    expect(run({ description: 'our new security camera monitors' })).toHaveLength(1);
  });
  it('blocks a floor plan found by image analysis', () => {
    expect(run({ description: 'scan', detected: { floorPlan: { score: 0.92, reason: 'room-number grid and EXIT labels' } } })[0]?.message).toContain('room-number grid');
  });
  it('allows ordinary school photos', () => {
    expect(run({ description: 'my decorated classroom door', setting: 'classroom' })).toEqual([]);
    expect(run({ description: 'the new gym floor', setting: 'school-building' })).toEqual([]);
    expect(run({ description: 'a map of Europe the kids drew', setting: 'classroom' })).toEqual([]);
  });
});
