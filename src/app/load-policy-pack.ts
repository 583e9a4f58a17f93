// Reads a policy pack folder (pack.json, clauses, lexicons/*.json; optional "extends") and validates it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClearpostError } from '../core/errors.js';
import { mergePacks, validatePack, type PolicyPack, type ValidateOptions } from '../core/policy/pack.js';
import { RULE_IDS } from '../core/rules/index.js';
import { proveLexiconsLinear } from './prove-linear.js';

/** The package root (where package.json is), whether running from src/ or from the build in dist/. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const DEFAULT_PACK_DIR = path.join(packageRoot(), 'policy', '471');

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClearpostError('invalid-policy-pack', `policy pack: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ClearpostError('invalid-policy-pack', `policy pack: ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Raw (unvalidated) pack data with its clauses and lexicons files folded in and its base merged. */
function readPackData(dir: string, depth = 0): Record<string, unknown> {
  if (depth > 5) throw new ClearpostError('invalid-policy-pack', 'policy pack: "extends" nests too deeply');
  const packFile = fs.existsSync(dir) && fs.statSync(dir).isFile() ? dir : path.join(dir, 'pack.json');
  const base = path.dirname(packFile);
  const raw = readJson(packFile);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ClearpostError('invalid-policy-pack', `policy pack: ${packFile} must hold an object`);
  const data: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (typeof data.clausesFile === 'string') {
    data.clauses = readJson(path.join(base, data.clausesFile));
    delete data.clausesFile;
  }
  if (typeof data.lexiconsDir === 'string') {
    const lexDir = path.join(base, data.lexiconsDir);
    const lex: Record<string, unknown> = { ...((data.lexicons as Record<string, unknown>) ?? {}) };
    for (const f of fs.readdirSync(lexDir).filter((f) => f.endsWith('.json')).sort()) {
      const content = readJson(path.join(lexDir, f));
      if (Array.isArray(content)) lex[f.replace(/\.json$/, '')] = content;
      else if (typeof content === 'object' && content !== null) Object.assign(lex, content);
    }
    data.lexicons = lex;
    delete data.lexiconsDir;
  }
  if (typeof data.modelsDir === 'string') {
    const modelDir = path.join(base, data.modelsDir);
    const models: Record<string, unknown> = { ...((data.models as Record<string, unknown>) ?? {}) };
    for (const f of fs.readdirSync(modelDir).filter((f) => f.endsWith('.json')).sort()) models[f.replace(/\.json$/, '')] = readJson(path.join(modelDir, f));
    data.models = models;
    delete data.modelsDir;
  }
  if (typeof data.gatesFile === 'string') {
    // Generated (scripts/gen-gates.ts); a missing file only costs the derivation at load, never a wrong gate.
    const file = path.join(base, data.gatesFile);
    data.gates = fs.existsSync(file) ? readJson(file) : {};
    delete data.gatesFile;
  }
  if (typeof data.extends === 'string') {
    const parent = readPackData(path.resolve(base, data.extends), depth + 1);
    delete data.extends;
    return mergePacks(parent, data);
  }
  return data;
}

const loaded = new Map<string, PolicyPack>();

/** Load and validate a pack (default: Policy 471 shipped in policy/471). Cached per folder (and per kind of validation). */
export function loadPolicyPack(dir: string = DEFAULT_PACK_DIR, opts: ValidateOptions = {}): PolicyPack {
  // The shipped pack's expressions are compiled, run and proven linear by its tests (test/lexicon-linear.test.ts): compiling
  // each again at every load cost ~0.6 s of a one-off `clearpost check` (1.1 s in all) and of every server and audit worker.
  const shippedPack = path.resolve(dir) === DEFAULT_PACK_DIR;
  const checkPatterns = opts.checkPatterns !== false && !shippedPack;
  const key = (checkPatterns ? '' : 'unchecked-patterns:') + path.resolve(dir);
  let pack = loaded.get(key);
  if (pack === undefined) {
    const data = readPackData(path.resolve(dir));
    pack = validatePack(data, RULE_IDS, { ...opts, checkPatterns });
    // A district's own expressions run over adversarial texts before any check does (ours: test/lexicon-linear.test.ts).
    if (checkPatterns) proveLexiconsLinear(data.lexicons as Record<string, string[]>, shippedEntries());
    loaded.set(key, pack);
  }
  return pack;
}

let shipped: Set<string> | undefined;
/** Every lexicon entry of the shipped pack (proven linear by its tests), trimmed. */
function shippedEntries(): Set<string> {
  shipped ??= new Set(Object.values((readPackData(DEFAULT_PACK_DIR).lexicons ?? {}) as Record<string, string[]>).flatMap((es) => es.map((e) => e.trim())));
  return shipped;
}
