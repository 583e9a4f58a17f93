// Was a photo taken on district premises? Its GPS position (from EXIF) against the district's buildings' geofences. Pure.
import type { PostImage } from '../../contracts/check.js';
import type { Analysis } from '../analysis.js';

/** A building with coordinates but no radius: about a school's grounds (a 300 m wide campus). */
export const DEFAULT_BUILDING_RADIUS_M = 150;
const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Fence extends LatLon {
  name: string;
  radiusM: number;
}

export interface OnPremises {
  building: string;
  distanceM: number;
}

/** The nearest fence that contains the point, if any. */
export function insideFence(fences: readonly Fence[], p: LatLon): OnPremises | undefined {
  let best: OnPremises | undefined;
  for (const f of fences) {
    const d = distanceM(f, p);
    if (d <= f.radiusM && (best === undefined || d < best.distanceM)) best = { building: f.name, distanceM: Math.round(d) };
  }
  return best;
}

/** The district's buildings that have coordinates, compiled once per context. */
export function fences(a: Analysis): readonly Fence[] {
  return a.ctx.index('building-fences', (ctx) =>
    (ctx.district?.buildings ?? []).flatMap((b) => (b.lat !== undefined && b.lon !== undefined ? [{ name: b.name, lat: b.lat, lon: b.lon, radiusM: b.radiusM ?? DEFAULT_BUILDING_RADIUS_M }] : [])),
  );
}

/** Where the photo's own GPS position says it was taken: a district building, or undefined (no GPS, no fences, or outside them). */
export function photoOnPremises(a: Analysis, image: PostImage): OnPremises | undefined {
  const gps = image.detected?.gps;
  if (gps === undefined) return undefined;
  const fs = fences(a);
  return fs.length === 0 ? undefined : insideFence(fs, gps);
}
