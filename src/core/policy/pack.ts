// The policy pack: clause tree, rule catalogue, permissions, versions and word lists, validated once at load.
import { z } from 'zod';
import { ClearpostError } from '../errors.js';
import { lexiconRegex } from '../analyzers/text.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ClauseSchema = z.object({ id: z.string().min(1), title: z.string().min(1), text: z.string() });
export const RuleMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  clause: z.string().min(1),
  severity: z.enum(['block', 'revise', 'advisory']),
  title: z.string().min(1),
  remedy: z.string().min(1),
  related: z.array(z.string()).default([]),
  enabled: z.boolean().default(true),
});
/** One lexicon entry's gates: every match holds one of `words`, and a word of each of `sets`. */
export interface EntryGates {
  words: string[];
  sets: string[][];
}
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
/** Checked by hand, not by a zod schema per entry: some 1,700 entries cost ~18 ms of a cold zod, well under 1 ms here. */
function isGatesRecord(v: unknown): v is Record<string, EntryGates> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const g of Object.values(v as Record<string, unknown>)) {
    if (typeof g !== 'object' || g === null) return false;
    const { words, sets } = g as Record<string, unknown>;
    if (!isStrings(words) || !Array.isArray(sets) || !sets.every(isStrings)) return false;
  }
  return true;
}
export const PackSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  owner: z.string().optional(),
  versions: z.array(z.object({ version: z.string().min(1), effective: isoDate, note: z.string().optional() })).min(1),
  relatedPolicies: z.record(z.string(), z.string()).default({}),
  clauses: z.array(ClauseSchema).min(1),
  permissions: z.array(z.object({ id: z.string(), title: z.string() })).default([]),
  rules: z.array(RuleMetaSchema).min(1),
  /** Word lists by name. Entries are phrases (matched on word boundaries, case-insensitive). */
  lexicons: z.record(z.string(), z.array(z.string())).default({}),
  /** Small learned models by name (policy/471/models/*.json): a linear model's feature weights and its threshold. */
  models: z.record(z.string(), z.object({ threshold: z.number().gt(0).lt(1), weights: z.record(z.string(), z.number()) })).default({}),
  /**
   * Each lexicon entry's gates derived ahead of time (policy/471/gates.json, written by scripts/gen-gates.ts): entry
   * text → its gate words and required sets. An entry not in it is derived at load (analyzers/text.ts: gateIndex).
   */
  gates: z.custom<Record<string, EntryGates>>(isGatesRecord, 'must map entry texts to { words: string[], sets: string[][] }').default({}),
});
export type PackData = z.input<typeof PackSchema>;
export type RuleMeta = z.output<typeof RuleMetaSchema>;
export type Clause = z.output<typeof ClauseSchema>;

/** A validated pack with lookups and a memo for compiled matchers (built once per pack, not per check). */
export class PolicyPack {
  readonly id: string;
  readonly title: string;
  readonly owner: string | undefined;
  readonly versions: ReadonlyArray<{ version: string; effective: string; note?: string | undefined }>;
  readonly relatedPolicies: Readonly<Record<string, string>>;
  readonly clauses: ReadonlyArray<Clause>;
  readonly permissions: ReadonlyArray<{ id: string; title: string }>;
  readonly rules: ReadonlyArray<RuleMeta>;
  private readonly clauseById: Map<string, Clause>;
  private readonly ruleById: Map<string, RuleMeta>;
  private readonly lexicons: Record<string, string[]>;
  private readonly models: Record<string, { threshold: number; weights: Record<string, number> }>;
  private readonly gates: Map<string, EntryGates>;
  private readonly memo = new Map<string, unknown>();

  constructor(data: z.output<typeof PackSchema>) {
    this.id = data.id;
    this.title = data.title;
    this.owner = data.owner;
    this.versions = [...data.versions].sort((a, b) => a.effective.localeCompare(b.effective));
    this.relatedPolicies = data.relatedPolicies;
    this.clauses = data.clauses;
    this.permissions = data.permissions;
    this.rules = data.rules;
    this.lexicons = data.lexicons;
    this.models = data.models;
    this.gates = new Map(Object.entries(data.gates));
    this.clauseById = new Map(data.clauses.map((c) => [normaliseClauseId(c.id), c]));
    this.ruleById = new Map(data.rules.map((r) => [r.id, r]));
  }

  clause(id: string): Clause | undefined {
    return this.clauseById.get(normaliseClauseId(id));
  }
  rule(id: string): RuleMeta | undefined {
    return this.ruleById.get(id);
  }
  /** A word list by name; an unknown name is an empty list (an analyzer then finds nothing). */
  lexicon(name: string): readonly string[] {
    return this.lexicons[name] ?? [];
  }
  /** A learned model by name, or undefined (an analyzer then adds nothing). */
  model(name: string): { readonly threshold: number; readonly weights: Readonly<Record<string, number>> } | undefined {
    return this.models[name];
  }
  /** A lexicon entry's gates as precomputed in the pack (trimmed entry text), or undefined: derive them. */
  precomputedGates(entry: string): EntryGates | undefined {
    return this.gates.get(entry);
  }
  lexiconNames(): string[] {
    return Object.keys(this.lexicons);
  }
  /** The version in force on a day (YYYY-MM-DD); before adoption, the adopted version. */
  versionOn(day: string): string {
    let v = this.versions[0]!.version;
    for (const x of this.versions) if (x.effective <= day) v = x.version;
    return v;
  }
  /** Build-once cache for compiled matchers derived from this pack's data. */
  compiled<T>(key: string, build: (pack: PolicyPack) => T): T {
    let v = this.memo.get(key) as T | undefined;
    if (v === undefined) {
      v = build(this);
      this.memo.set(key, v);
    }
    return v;
  }
}

export function normaliseClauseId(id: string): string {
  return id.trim().toUpperCase().replace(/\s+/g, '').replace(/–/g, '-');
}

export interface ValidateOptions {
  /**
   * Compile every regular-expression entry of the lexicons to prove it valid (the default). Off only where the same
   * pack is proven elsewhere before any check runs: the shipped pack (by its tests: loadPolicyPack), and the second and
   * later `check --jsonl` workers, whose first worker validates a district's pack in full (~0.6 s of CPU for some 1,000
   * expressions).
   */
  checkPatterns?: boolean;
}

/**
 * Validate raw pack data (already parsed JSON). Unknown clauses, duplicate ids, rules the
 * engine does not implement and empty lexicon entries fail here, at load, never during a check.
 */
export function validatePack(raw: unknown, implementedRules: ReadonlySet<string>, opts: ValidateOptions = {}): PolicyPack {
  const parsed = PackSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new ClearpostError('invalid-policy-pack', `policy pack: ${field || '(root)'}: ${issue.message}`, field);
  }
  const data = parsed.data;
  const fail = (field: string, msg: string): never => {
    throw new ClearpostError('invalid-policy-pack', `policy pack: ${field}: ${msg}`, field);
  };
  const clauseIds = new Set<string>();
  data.clauses.forEach((c, i) => {
    const id = normaliseClauseId(c.id);
    if (clauseIds.has(id)) fail(`clauses.${i}.id`, `duplicate clause "${c.id}"`);
    clauseIds.add(id);
  });
  const ruleIds = new Set<string>();
  data.rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) fail(`rules.${i}.id`, `duplicate rule "${r.id}"`);
    ruleIds.add(r.id);
    if (!implementedRules.has(r.id)) fail(`rules.${i}.id`, `no rule "${r.id}" is implemented by this engine`);
    // A rule may cite a range ("IV.A.1–2") or a list ("IV.A, IV.D"): every cited clause must exist.
    for (const part of r.clause.split(',')) {
      const p = part.trim();
      const range = /^(.*\.)(\d+)[–-](\d+)$/.exec(p);
      const ids = range ? [range[1]! + range[2]!, range[1]! + range[3]!] : [p];
      for (const id of ids) if (!clauseIds.has(normaliseClauseId(id))) fail(`rules.${i}.clause`, `unknown clause "${id}"`);
    }
    for (const rel of r.related) if (!(rel in data.relatedPolicies)) fail(`rules.${i}.related`, `unknown related policy "${rel}"`);
  });
  data.permissions.forEach((p, i) => {
    if (!clauseIds.has(normaliseClauseId(p.id))) fail(`permissions.${i}.id`, `unknown clause "${p.id}"`);
  });
  for (const [name, words] of Object.entries(data.lexicons)) {
    words.forEach((w, i) => {
      const t = w.trim();
      if (t === '') fail(`lexicons.${name}.${i}`, 'an empty entry would match everything');
      if (opts.checkPatterns !== false && t.length > 2 && t.startsWith('/') && t.endsWith('/')) {
        let re: RegExp;
        try {
          re = new RegExp(t.slice(1, -1), 'iu');
          // Compile it exactly as analyzers will (boundaries, curly apostrophes), so a check never meets a broken pattern.
          lexiconRegex([t]);
        } catch (err) {
          return fail(`lexicons.${name}.${i}`, `not a valid regular expression: ${(err as Error).message}`);
        }
        if (re.test('')) fail(`lexicons.${name}.${i}`, 'this pattern matches the empty string');
      }
    });
  }
  const seen = new Set<string>();
  data.versions.forEach((v, i) => {
    if (seen.has(v.version)) fail(`versions.${i}.version`, `duplicate version "${v.version}"`);
    seen.add(v.version);
  });
  return new PolicyPack(data);
}

/**
 * Merge a district pack over its base: rules by id (a district may change severity, clause,
 * remedy or disable a rule), clauses by id, lexicons by name ("name" replaces, "+name" appends).
 */
export function mergePacks(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const byId = <T extends { id: string }>(a: unknown, b: unknown): T[] => {
    const out = new Map<string, T>();
    for (const x of (Array.isArray(a) ? a : []) as T[]) out.set(x.id, x);
    for (const x of (Array.isArray(b) ? b : []) as T[]) out.set(x.id, { ...(out.get(x.id) ?? {}), ...x });
    return [...out.values()];
  };
  const lex: Record<string, string[]> = { ...((base.lexicons as Record<string, string[]>) ?? {}) };
  for (const [k, v] of Object.entries((over.lexicons as Record<string, string[]>) ?? {})) {
    if (k.startsWith('+')) lex[k.slice(1)] = [...(lex[k.slice(1)] ?? []), ...v];
    else lex[k] = v;
  }
  return {
    ...base,
    ...over,
    clauses: byId(base.clauses, over.clauses),
    rules: byId(base.rules, over.rules),
    permissions: byId(base.permissions, over.permissions),
    relatedPolicies: { ...((base.relatedPolicies as object) ?? {}), ...((over.relatedPolicies as object) ?? {}) },
    lexicons: lex,
    // The base's precomputed gates serve the entries the district inherits; its own entries are derived at load.
    gates: { ...((base.gates as object) ?? {}), ...((over.gates as object) ?? {}) },
  };
}
