// A check is an API call: an expression that backtracks without bound (a look-behind over `\s+`, nested
// quantifiers) turns one long post into seconds of CPU. Each lexicon entry is run alone, ungated, over long
// adversarial texts, and a whole check over a post holding every gate word before and after a long run of spaces.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACK_DIR, loadPolicyPack } from '../src/app/load-policy-pack.js';
import { probeEntry } from '../src/app/prove-linear.js';
import { ClearpostError } from '../src/core/errors.js';
import { parseCheckRequest } from '../src/app/parse-check-request.js';
import { check } from '../src/core/check.js';
import { gateWords, lexiconRegex } from '../src/core/analyzers/text.js';

const pack = loadPolicyPack();
const N = 20_000;
/** Runs of spaces, of one letter, of words and of punctuation: where super-linear matching shows. */
const SHAPES = [' '.repeat(N), 'a'.repeat(N), 'a '.repeat(N / 2), 'the '.repeat(N / 4), '. '.repeat(N / 2), '1 '.repeat(N / 2), '\n \n'.repeat(N / 3)];

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('lexicon expressions stay linear', () => {
  it('every entry of every lexicon, alone, runs over 20,000-character adversarial texts in under 150 ms of CPU', () => {
    const slow: string[] = [];
    let entries = 0;
    for (const name of pack.lexiconNames()) {
      pack.lexicon(name).forEach((entry, i) => {
        const re = lexiconRegex([entry]);
        if (re === null) return;
        entries++;
        // The entry's own words before each shape, so an expression that needs them to start still gets going.
        const lead = gateWords(entry).join(' ');
        const ms = cpuMs(() => {
          for (const shape of SHAPES) {
            const input = lead + ' ' + shape;
            re.lastIndex = 0;
            for (let m = re.exec(input); m !== null; m = re.exec(input)) if (m[0].length === 0) re.lastIndex++;
          }
        });
        if (ms > 150) slow.push(`${name}[${i}] ${ms.toFixed(0)} ms: ${entry.slice(0, 80)}`);
      });
    }
    expect(entries).toBeGreaterThan(500);
    expect(slow).toEqual([]);
  });

  it('a whole check of a post holding every gate word around 50,000 spaces takes well under a second of CPU', () => {
    const words = new Set<string>();
    for (const name of pack.lexiconNames()) for (const entry of pack.lexicon(name)) for (const w of gateWords(entry)) words.add(w);
    const head = [...words].slice(0, 400).join(' ');
    const slow: string[] = [];
    for (const text of ['Two beers in and ' + ' '.repeat(50_000) + 'done', head + ' '.repeat(50_000) + head, 'Six margaritas ' + '\t '.repeat(25_000)]) {
      const req = parseCheckRequest({ post: { text: text.slice(0, 60_000) } });
      const ms = cpuMs(() => check(req, pack, { now: new Date('2026-10-01T12:00:00Z') }));
      if (ms > 1_000) slow.push(`${JSON.stringify(text.slice(0, 20))}… ${ms.toFixed(0)} ms`);
    }
    expect(slow).toEqual([]);
  });
});

describe("a district's own expressions are proven linear when its pack loads", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-pack-'));
  const write = (name: string, lexicons: Record<string, string[]>): string => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ extends: DEFAULT_PACK_DIR, lexicons }));
    return file;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true }));

  it.each([
    ['nested quantifiers', '/(?:a+)+b/'],
    ['an unbounded look-behind over spaces', '/(?<=\\bbeers?\\s+(?:\\w+\\s+)*)done/'],
    ['overlapping runs of spaces', '/beers?(?:\\s+\\w*)*\\s*done/'],
  ])('refuses %s, naming the entry, in well under a few seconds', (_what, entry) => {
    const file = write(`bad-${entry.length}`, { '+unprofessional': ['clown show', entry] });
    const start = process.cpuUsage();
    let err: unknown;
    try {
      loadPolicyPack(file);
    } catch (e) {
      err = e;
    }
    const used = process.cpuUsage(start);
    expect(err).toBeInstanceOf(ClearpostError);
    expect((err as ClearpostError).code).toBe('invalid-policy-pack');
    expect((err as Error).message).toMatch(/^policy pack: lexicons\.unprofessional\.\d+: this expression backtracks without bound/);
    expect((used.user + used.system) / 1000).toBeLessThan(5_000);
  });

  it('loads a pack whose new expressions are linear, and does not re-prove the shipped entries', () => {
    const file = write('good', { '+unprofessional': ['/clown\\s+(?:show|car)s?/', 'total circus'] });
    const start = process.cpuUsage();
    // A district's pack is validated in full, the shipped expressions it extends too (each compiled as analyzers compile
    // it, none matching the empty string): loadPolicyPack() trusts the shipped pack alone on this proof.
    const district = loadPolicyPack(file);
    const used = process.cpuUsage(start);
    expect(district.lexicon('unprofessional')).toContain('/clown\\s+(?:show|car)s?/');
    expect(district.lexicon('unprofessional').length).toBe(pack.lexicon('unprofessional').length + 2);
    // Some 500 shipped expressions would cost seconds to probe; only the district's own are run.
    expect((used.user + used.system) / 1000).toBeLessThan(2_000);
  });

  it('a linear entry passes the probe in milliseconds and an exponential one is caught early', () => {
    expect(probeEntry('/clown\\s+(?:show|car)s?/')).toBeUndefined();
    const slow = probeEntry('/(?:a|a)+b/');
    expect(slow).toBeDefined();
    expect(slow!.length).toBeLessThan(100);
  });
});
