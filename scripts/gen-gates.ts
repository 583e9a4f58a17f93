// Regenerates policy/471/gates.json, each lexicon entry's gate words and required sets derived ahead of time so that
// a process does not derive them at its first check (after editing a lexicon or the derivation in analyzers/text.ts):
//   node --import tsx scripts/gen-gates.ts
// An entry missing from the file is derived at load as before: a stale file costs time, never a wrong gate
// (test/gate-cache.test.ts fails when a value differs from the derivation or too many entries are missing).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PACK_DIR, loadPolicyPack } from '../src/app/load-policy-pack.js';
import { entryGates } from '../src/core/analyzers/text.js';

const pack = loadPolicyPack(DEFAULT_PACK_DIR, { checkPatterns: false });
const gates: Record<string, { words: string[]; sets: string[][] }> = {};
for (const name of pack.lexiconNames().sort()) {
  for (const e of pack.lexicon(name)) {
    const t = e.trim();
    if (!Object.hasOwn(gates, t)) gates[t] = entryGates(t);
  }
}
const keys = Object.keys(gates).sort();
const out = path.join(DEFAULT_PACK_DIR, 'gates.json');
// One entry a line, sorted: a lexicon edit shows as a few changed lines in a diff.
fs.writeFileSync(out, `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(gates[k])}`).join(',\n')}\n}\n`);
console.log(`wrote ${out}: ${keys.length} entries`);
