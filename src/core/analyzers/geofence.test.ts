import { describe, expect, it } from 'vitest';
import type { PostImage } from '../../contracts/check.js';
import { context, findingsOf, NOW, pack, post } from '../../../test/support/kit.js';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import { DEFAULT_BUILDING_RADIUS_M, distanceM, insideFence, photoOnPremises } from './geofence.js';

const onPremises = (image: PostImage, ctx = context()) => photoOnPremises(new Analysis(post('x', { images: [image] }), compileContext(ctx), pack, NOW), image);

describe('geofence', () => {
  it('measures great-circle distances', () => {
    // One degree of latitude is about 111.2 km; one of longitude at 60° N half of that.
    expect(distanceM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111_195, -1);
    expect(distanceM({ lat: 60, lon: 0 }, { lat: 60, lon: 1 })).toBeCloseTo(55_597, -2);
    expect(distanceM({ lat: 45.8852, lon: -95.3775 }, { lat: 45.8852, lon: -95.3775 })).toBe(0);
  });

  it('picks the nearest building whose fence holds the point', () => {
    const fences = [
      { name: 'A', lat: 45, lon: -95, radiusM: 500 },
      { name: 'B', lat: 45.001, lon: -95, radiusM: 500 },
    ];
    expect(insideFence(fences, { lat: 45.0009, lon: -95 })).toEqual({ building: 'B', distanceM: 11 });
    expect(insideFence(fences, { lat: 45.02, lon: -95 })).toBeUndefined();
  });

  it("places a photo by its GPS position inside the district's buildings", () => {
    // 45.8852, -95.37577 is about 134 m east of Jefferson High School's point (radius 250 m).
    expect(onPremises({ detected: { gps: { lat: 45.8852, lon: -95.37577 } } })).toEqual({ building: 'Jefferson High School', distanceM: 134 });
    expect(onPremises({ detected: { gps: { lat: 45.9, lon: -95.3 } } })).toBeUndefined();
    expect(onPremises({})).toBeUndefined();
    // A building without a radius gets the default one; without coordinates it has no fence.
    const ctx = { district: { buildings: [{ name: 'Annex', lat: 10, lon: 10 }, { name: 'Old Mill' }] } };
    expect(onPremises({ detected: { gps: { lat: 10 + (DEFAULT_BUILDING_RADIUS_M - 10) / 111_195, lon: 10 } } }, ctx)?.building).toBe('Annex');
    expect(onPremises({ detected: { gps: { lat: 10 + (DEFAULT_BUILDING_RADIUS_M + 10) / 111_195, lon: 10 } } }, ctx)).toBeUndefined();
  });

  it('a GPS position on premises makes a description of security details nonpublic, off premises it does not', () => {
    const run = (gps: { lat: number; lon: number }) =>
      findingsOf({ context: context(), post: post('Long day', { images: [{ description: 'the alarm panel', detected: { gps } }] }) }, 'nonpublic-premises-image');
    const [f] = run({ lat: 45.8852, lon: -95.37577 });
    expect(f?.severity).toBe('block');
    expect(f?.message).toContain("inside Jefferson High School's grounds");
    expect(run({ lat: 44, lon: -93 })).toEqual([]);
  });
});
