// Is this picture a floor plan, building map or security detail? Line-drawing structure from the pixels plus words
// from OCR, precision first (docs/decisions/0003-images.md explains the threshold). Pure: pixels and words in, score out.
import type { DecodedImage } from './decoded-image.js';

export interface FloorPlanWord {
  text: string;
  confidence: number;
}

export interface PixelStats {
  /** Near-white pixels (paper). */
  white: number;
  /** Mid-tone pixels: photos are full of them, line drawings only have anti-aliasing. */
  mid: number;
  /** Dark pixels (ink). */
  dark: number;
  /** Mean colour saturation (0 grey … 1 pure colour). */
  saturation: number;
  /** Share of the ink lying in long straight horizontal or vertical strokes (walls); 0 when the picture is no drawing at all. */
  lines: number;
  /** Grid cells where a long horizontal stroke meets a long vertical one (corners, T and cross junctions of walls). */
  junctions: number;
}

export interface FloorPlanResult {
  score: number;
  reason: string;
  stats: PixelStats;
  /** Words that count as floor-plan labels, room numbers and security details. */
  labels: string[];
  roomNumbers: string[];
  security: string[];
}

const WHITE = 225;
const DARK = 110;
/** OCR words below this confidence are not read as labels (tesseract's confidence, 0–100). */
const MIN_WORD_CONFIDENCE = 60;

/** Labels printed on floor plans and evacuation maps. "EXIT" alone is weak (teachers post "exit tickets"), so it is one label among others. */
const PLAN_LABELS = new Map<string, string>([
  ['exit', 'EXIT'], ['exits', 'EXIT'], ['stair', 'STAIR'], ['stairs', 'STAIR'], ['stairwell', 'STAIR'], ['mech', 'MECH'], ['mechanical', 'MECH'],
  ['elec', 'ELEC'], ['electrical', 'ELEC'], ['corridor', 'CORRIDOR'], ['corr', 'CORRIDOR'], ['janitor', 'JANITOR'], ['jan', 'JANITOR'], ['custodial', 'JANITOR'],
  ['stor', 'STORAGE'], ['storage', 'STORAGE'], ['elev', 'ELEVATOR'], ['elevator', 'ELEVATOR'], ['mdf', 'MDF'], ['idf', 'IDF'], ['boiler', 'BOILER'],
  ['vestibule', 'VESTIBULE'], ['evacuation', 'EVACUATION'], ['assembly', 'ASSEMBLY'], ['extinguisher', 'EXTINGUISHER'], ['restroom', 'RESTROOM'],
  ['toilet', 'RESTROOM'], ['gym', 'GYM'], ['gymnasium', 'GYM'], ['cafeteria', 'CAFETERIA'], ['vestib', 'VESTIBULE'], ['here', 'YOU ARE HERE'],
]);
/** Security details (IV.A.3 names them): alarm panels, keypads, camera systems; only words that rarely mean anything else. */
const SECURITY = new Map<string, string>([
  ['keypad', 'KEYPAD'], ['alarm', 'ALARM'], ['disarm', 'DISARM'], ['armed', 'ARMED'], ['cctv', 'CCTV'], ['intrusion', 'INTRUSION'], ['bypass', 'BYPASS'],
]);
/** Room numbers: 100–9999 optionally with a wing letter (A101, B-204, 114A); not round hundreds (scores, years are excluded below). */
const ROOM = /^(?:[A-Z]-?)?([1-9]\d{2,3})[A-Z]?$/;

function wordsOf(words: readonly FloorPlanWord[]): Pick<FloorPlanResult, 'labels' | 'roomNumbers' | 'security'> {
  const labels = new Set<string>();
  const rooms = new Set<string>();
  const security = new Set<string>();
  for (const w of words) {
    if (w.confidence < MIN_WORD_CONFIDENCE) continue;
    const t = w.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (t.length === 0) continue;
    const k = t.toLowerCase();
    const label = PLAN_LABELS.get(k);
    if (label !== undefined) labels.add(label);
    const sec = SECURITY.get(k);
    if (sec !== undefined) security.add(sec);
    const m = ROOM.exec(t.toUpperCase());
    if (m !== null) {
      const n = Number(m[1]);
      // Years (1900–2099) and round hundreds (100, 200: scores, prices) are not room numbers.
      if (!(n >= 1900 && n <= 2099) && n % 100 !== 0) rooms.add(t.toUpperCase());
    }
  }
  return { labels: [...labels].sort(), roomNumbers: [...rooms].sort(), security: [...security].sort() };
}

/** One pass over the pixels, then one pass per row and per column for long straight strokes. */
export function pixelStats(img: DecodedImage): PixelStats {
  const { data, width, height } = img;
  const n = width * height;
  const ink = new Uint8Array(n);
  let white = 0;
  let mid = 0;
  let dark = 0;
  let sat = 0;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    if (max > 0) sat += (max - min) / max;
    if (lum >= WHITE) white++;
    else if (lum < DARK) {
      dark++;
      ink[i] = 1;
    } else mid++;
  }
  const base = { white: white / n, mid: mid / n, dark: dark / n, saturation: sat / n, lines: 0, junctions: 0 };
  // Photographs (mid-tones, colour, little paper) cannot be line drawings: skip the stroke passes.
  if (base.white < 0.55 || base.mid > 0.2 || base.saturation > 0.12 || base.dark < 0.005) return base;
  // A wall is a straight stroke at least 4% of the picture's longer side.
  const minRun = Math.max(12, Math.round(Math.max(width, height) * 0.04));
  const cell = Math.max(8, Math.round(Math.max(width, height) / 100));
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const hCells = new Uint8Array(gw * gh);
  const vCells = new Uint8Array(gw * gh);
  const onLine = new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && ink[y * width + x] === 1;
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        if (x - start >= minRun) for (let k = start; k < x; k++) {
          onLine[y * width + k] = 1;
          hCells[Math.floor(y / cell) * gw + Math.floor(k / cell)] = 1;
        }
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const on = y < height && ink[y * width + x] === 1;
      if (on && start < 0) start = y;
      else if (!on && start >= 0) {
        if (y - start >= minRun) for (let k = start; k < y; k++) {
          onLine[k * width + x] = 1;
          vCells[Math.floor(k / cell) * gw + Math.floor(x / cell)] = 1;
        }
        start = -1;
      }
    }
  }
  let lined = 0;
  for (let i = 0; i < n; i++) lined += onLine[i]!;
  let junctions = 0;
  for (let i = 0; i < gw * gh; i++) if (hCells[i] === 1 && vCells[i] === 1) junctions++;
  return { ...base, lines: dark === 0 ? 0 : lined / dark, junctions };
}

/**
 * A line drawing: mostly paper, little mid-tone, almost no colour, ink mostly in long straight strokes meeting at
 * right angles. Photographs fail on mid-tones and colour; text screenshots on straight strokes; a single frame on junctions.
 */
export function isLineDrawing(s: PixelStats): boolean {
  return s.white >= 0.55 && s.mid <= 0.2 && s.dark >= 0.005 && s.dark <= 0.3 && s.saturation <= 0.12 && s.lines >= 0.3 && s.junctions >= 12;
}

const list = (xs: readonly string[], max = 4) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} …`);

/**
 * Scores (threshold 0.5 = core's MIN_FLOOR_PLAN_SCORE):
 * - 0.9: line drawing + plan labels + at least two room numbers (a floor plan, nothing else looks like that)
 * - 0.75: line drawing + labels or ≥ 4 room numbers; or ≥ 2 security words on anything (KEYPAD + ALARM, DISARM + ZONE)
 * - 0.6: no line drawing, but ≥ 4 room numbers and ≥ 2 plan labels (a photographed evacuation map)
 * - 0.3–0.45 (reported, never blocks): a line drawing without words (tables and diagrams look the same), one security word
 */
export function floorPlanScore(img: DecodedImage, words: readonly FloorPlanWord[] = []): FloorPlanResult | undefined {
  const stats = pixelStats(img);
  const w = wordsOf(words);
  const drawing = isLineDrawing(stats);
  const rooms = w.roomNumbers.length;
  const labels = w.labels.length;
  const what = [rooms > 0 ? `room numbers ${list(w.roomNumbers)}` : '', labels > 0 ? `${list(w.labels)} labels` : ''].filter((s) => s !== '').join(' and ');
  let score = 0;
  let reason = '';
  if (drawing && labels >= 1 && rooms >= 2) [score, reason] = [0.9, `a line drawing of rooms with ${what}`];
  else if (drawing && (labels >= 1 || rooms >= 4)) [score, reason] = [0.75, `a line drawing of rooms with ${what}`];
  else if (w.security.length >= 2) [score, reason] = [0.75, `security details: ${list(w.security)}`];
  else if (rooms >= 4 && labels >= 2) [score, reason] = [0.6, `a building map: ${what}`];
  else if (drawing) [score, reason] = [0.45, 'a line drawing with walls at right angles, but no room numbers or plan labels'];
  else if (w.security.length === 1) [score, reason] = [0.3, `the word ${w.security[0]!}`];
  if (score === 0) return undefined;
  return { score, reason, stats, ...w };
}
