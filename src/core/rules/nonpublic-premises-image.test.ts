import { describe, expect, it } from 'vitest';
import type { PostImage } from '../../contracts/check.js';
import { context, example, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'nonpublic-premises-image';
const run = (image: PostImage) => findingsOf({ context: context(), post: post('New year, new room', { images: [image] }) }, RULE);

describe(RULE, () => {
  it('blocks floor plans and restricted areas declared by setting', () => {
    const [f] = run({ setting: 'floor-plan', description: 'our wing' });
    expect(f?.severity).toBe('block');
    expect(f?.clause).toBe('IV.A.3');
    expect(f?.evidence).toEqual({ image: 0, detail: 'a floor plan or map of a building' });
    expect(run({ setting: 'restricted-area' })).toHaveLength(1);
  });

  it('ex-012: the key cabinet in the bus garage dispatch office', () => {
    const fs = findingsOf(example('ex-012').request, RULE);
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['block', { image: 0, detail: 'a staff-only or restricted area' }]]);
  });

  it('blocks descriptions naming plans, maps and security details', () => {
    for (const description of [
      'the keypad by the north doors',
      'Evacuation map outside room 114',
      'our new security camera monitors',
      'key cabinet with labeled keys',
      'the alarm panel in the front office',
      'Building map with room numbers',
      'map of the school for the new hires',
      'door codes taped inside the closet',
      'the server room after the rewiring',
      'STAFF ONLY hallway behind the cafeteria',
    ]) {
      expect(run({ description, setting: 'school-building' }).map((f) => f.rule), description).toEqual([RULE]);
    }
  });

  it('quotes what the description names', () => {
    expect(run({ description: 'New floor plans for the Lincoln Elementary addition' })[0]?.message).toContain('"floor plans"');
  });

  it('reads descriptions only for photos of district premises', () => {
    // No setting: the description or the post must name the school or the district.
    expect(run({ description: 'the door codes by the main office' })).toHaveLength(1);
    expect(findingsOf({ context: context(), post: post('Jefferson High School, after hours', { images: [{ description: 'the alarm panel' }] }) }, RULE)).toHaveLength(1);
    expect(run({ description: 'a restricted area sign at the national park' })).toEqual([]);
    expect(run({ description: 'blueprint of my dream house', setting: 'other' })).toEqual([]);
    expect(run({ description: 'the boiler room escape game downtown' })).toEqual([]);
    // Off-site and public-event photos are not of nonpublic premises, whatever the words.
    expect(run({ description: 'security cameras at the mall', setting: 'off-site' })).toEqual([]);
    expect(run({ description: 'the scoreboard keypad at the homecoming game', setting: 'public-event' })).toEqual([]);
  });

  it('blocks a floor plan found by image analysis, when the detector is sure', () => {
    expect(run({ description: 'scan', detected: { floorPlan: { score: 0.92, reason: 'room-number grid and EXIT labels' } } })[0]?.message).toContain('room-number grid');
    expect(run({ description: 'scan', detected: { floorPlan: { score: 0.2, reason: 'grid lines' } } })).toEqual([]);
  });

  it('allows ordinary school photos', () => {
    for (const description of [
      'my decorated classroom door',
      'the new gym floor',
      'a map of Europe the kids drew',
      'students solving equations on the calculator keypad',
      'team photo in front of the school',
      'the floor of the art room after clay day',
      'our staff at the fun run',
      'kindergarten keyboard practice',
      'teachers at the staff-only holiday party',
    ]) {
      expect(run({ description, setting: 'classroom' }), description).toEqual([]);
    }
  });

  it('says nothing without images, and checks each image', () => {
    expect(findingsOf({ context: context(), post: post('The floor plan of the new wing is out!') }, RULE)).toEqual([]);
    const fs = findingsOf({ post: post('x', { images: [{ description: 'sunset' }, { setting: 'floor-plan' }] }) }, RULE);
    expect(fs.map((f) => (f.evidence as { image: number }).image)).toEqual([1]);
  });

  it('reports one finding per photo, whatever number of signs it carries', () => {
    const fs = run({ setting: 'floor-plan', description: 'floor plan with door codes and camera positions', detected: { floorPlan: { score: 0.9, reason: 'grid' } } });
    expect(fs.map((f) => f.evidence)).toEqual([{ image: 0, detail: 'a floor plan or map of a building' }]);
  });

  it('applies to district accounts too: the premises are nonpublic whoever posts them', () => {
    const fs = findingsOf({ context: context(), post: post('Welcome back!', { account: { kind: 'district' }, images: [{ setting: 'restricted-area', description: 'the server room' }] }) }, RULE);
    expect(fs.map((f) => f.severity)).toEqual(['block']);
  });
});
