// A district's own lexicon expressions are run, at load, over growing adversarial texts: an expression that backtracks
// without bound (nested quantifiers, a look-behind over `\s+`, `\s+ …? \s*`) would turn one long post into seconds or
// hours of CPU on every check, so the pack is refused instead, naming the entry. Ours are proven by test/lexicon-linear.
import { ClearpostError } from '../core/errors.js';
import { gateWords, lexiconRegex } from '../core/analyzers/text.js';

/** Runs of spaces, of one letter, of words, of punctuation and digits: where super-linear matching shows. */
const SHAPES: ReadonlyArray<(n: number) => string> = [
  (n) => ' '.repeat(n),
  (n) => 'a'.repeat(n),
  (n) => 'a '.repeat(n >> 1),
  (n) => 'the '.repeat(n >> 2),
  (n) => '. '.repeat(n >> 1),
  (n) => '1 '.repeat(n >> 1),
  (n) => '\n \n'.repeat(Math.ceil(n / 3)),
];
/**
 * Lengths grow slowly at first, so an exponential expression is caught after a run of a few milliseconds (a step of
 * 4 characters multiplies a 2^n cost by 16) instead of hanging, then fast up to the 20,000 characters of a long post.
 */
const LENGTHS = [8, 12, 16, 20, 24, 28, 32, 40, 48, 64, 128, 512, 2_000, 8_000, 20_000];
/** A linear expression scans 20,000 characters in well under a millisecond or two; a quadratic one takes seconds. */
const RUN_LIMIT_MS = 50;

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export interface LinearFailure {
  ms: number;
  length: number;
}

/** Run one lexicon entry alone over the adversarial texts; the first run over the limit, or undefined when it stays fast. */
export function probeEntry(entry: string, limitMs = RUN_LIMIT_MS): LinearFailure | undefined {
  const re = lexiconRegex([entry]);
  if (re === null) return undefined;
  // The entry's own words lead each text, so an expression that needs them to start still gets going.
  const lead = gateWords(entry).join(' ') + ' ';
  for (const shape of SHAPES) {
    for (const n of LENGTHS) {
      const input = lead + shape(n);
      const ms = cpuMs(() => {
        re.lastIndex = 0;
        for (let m = re.exec(input); m !== null; m = re.exec(input)) if (m[0].length === 0) re.lastIndex++;
      });
      if (ms > limitMs) return { ms, length: input.length };
    }
  }
  return undefined;
}

/**
 * Prove the expressions of `lexicons` that are not in `known` (the shipped pack's entries, proven by its tests) linear
 * enough for a check; throws `invalid-policy-pack` naming `lexicons.<name>.<i>` otherwise.
 */
export function proveLexiconsLinear(lexicons: Readonly<Record<string, readonly string[]>>, known: ReadonlySet<string>): void {
  for (const [name, entries] of Object.entries(lexicons)) {
    entries.forEach((entry, i) => {
      const t = entry.trim();
      if (known.has(t) || !(t.length > 2 && t.startsWith('/') && t.endsWith('/'))) return;
      const slow = probeEntry(t);
      if (slow !== undefined) {
        const field = `lexicons.${name}.${i}`;
        throw new ClearpostError(
          'invalid-policy-pack',
          `policy pack: ${field}: this expression backtracks without bound (${Math.round(slow.ms)} ms of CPU on ${slow.length} characters; a check must stay linear in the post's length): nested quantifiers or overlapping \\s+ … \\s* are the usual cause`,
          field,
        );
      }
    });
  }
}
