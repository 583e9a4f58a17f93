// The backstop models' training data (issue 2, docs/decisions/0005-backstop-models.md): the labelled corpus, the engine's
// answers without any backstop model, and per signal the labelled posts (positives: the sentences the engine cites for
// the rule when it finds it, else every gated sentence; negatives: every gated sentence of the other cases). Used by
// scripts/train-backstop.ts and by the test that retraining reproduces the shipped weights.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckRequest, CheckResponse, Context } from '../src/contracts/check.js';
import { parseCheckRequest } from '../src/app/parse-check-request.js';
import { BACKSTOP_GATES, type BackstopSignal } from '../src/core/analyzers/backstop.js';
import { check } from '../src/core/check.js';
import type { PolicyPack } from '../src/core/policy/pack.js';
import { examplesOf, train } from './sentence-model.js';

/** The rule each signal backs up. */
export const RULE_OF: Record<BackstopSignal, string> = {
  threat: 'harassment-or-threat',
  conduct: 'illegal-or-inappropriate-conduct',
  confidential: 'confidential-information',
  announcement: 'unauthorized-spokesperson',
  opinion: 'missing-disclaimer',
  instruction: 'unapproved-instructional-use',
};
/** Weights smaller than this are dropped, in the cross-validation as in the shipped files. */
export const PRUNE = 0.1;
/** The corpus test's clock (test/support/kit.ts). */
export const NOW = new Date('2026-10-03T19:45:02-05:00');

export interface Case {
  id: string;
  request: { contextRef?: 'default'; context?: Context; post: { text?: string } };
  expect: { verdict: string; rules: string[] };
}

/** The corpus's cases (files in name order) and their requests, validated as the adapters do. */
export function loadCorpus(dir: string): { cases: Case[]; requests: CheckRequest[] } {
  const defaultContext = JSON.parse(fs.readFileSync(path.join(dir, 'context.json'), 'utf8')) as Context;
  const cases: Case[] = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Case),
    );
  const requests = cases.map((c) => {
    const ctx = c.request.contextRef === 'default' ? defaultContext : c.request.context;
    return parseCheckRequest((ctx === undefined ? { post: c.request.post } : { context: structuredClone(ctx), post: c.request.post }) as CheckRequest);
  });
  return { cases, requests };
}

/** The pack's models, writable: a backstop model set (or removed) and its compiled form dropped. */
export function setModel(pack: PolicyPack, signal: BackstopSignal, m: { threshold: number; weights: Record<string, number> } | undefined): void {
  const models = (pack as unknown as { models: Record<string, unknown> }).models;
  const memo = (pack as unknown as { memo: Map<string, unknown> }).memo;
  if (m === undefined) delete models['backstop-' + signal];
  else models['backstop-' + signal] = m;
  memo.delete('backstop-' + signal + '-model');
}

/** One check of a corpus request (a copy: a check must not leak state into the next). */
export function runCase(pack: PolicyPack, req: CheckRequest): CheckResponse {
  return check(structuredClone(req), pack, { now: NOW });
}

export interface LabelledPost {
  text: string;
  positive: boolean;
  allowed: boolean;
  keep: ((s: { start: number; end: number }) => boolean) | undefined;
}

/** A signal's labelled posts, given the engine's answers without backstop models (`base`, one per case). */
export function postsFor(signal: BackstopSignal, cases: readonly Case[], base: readonly CheckResponse[]): LabelledPost[] {
  const rule = RULE_OF[signal];
  return cases.map((c, i) => {
    const positive = c.expect.rules.includes(rule);
    const cited = base[i]!.findings.filter((f) => f.rule === rule && f.evidence !== undefined && 'start' in f.evidence).map((f) => f.evidence as { start: number; end: number });
    const keep = cited.length === 0 ? undefined : (s: { start: number; end: number }) => cited.some((e) => e.start < s.end && s.start < e.end);
    return { text: c.request.post.text ?? '', positive, keep, allowed: c.expect.verdict === 'allow' };
  });
}

export const prune = (w: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(w).filter(([, v]) => Math.abs(v) >= PRUNE));

/** A signal's weights trained on the given posts (pruned, as shipped). */
export function weightsFor(signal: BackstopSignal, posts: readonly LabelledPost[]): { all: Record<string, number>; weights: Record<string, number> } {
  const all = train(examplesOf(BACKSTOP_GATES[signal], posts));
  return { all, weights: prune(all) };
}

/** Five folds, stratified by label: each label's indexes dealt round the folds after a seeded shuffle. */
export function stratifiedFolds(labels: readonly boolean[]): number[] {
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const fold = new Array<number>(labels.length);
  for (const label of [true, false]) {
    const idx = labels.map((l, i) => (l === label ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((i, k) => (fold[i] = k % 5));
  }
  return fold;
}

/** The rules a response decided (undecided findings left out). */
export const decidedRules = (r: CheckResponse): Set<string> => new Set(r.findings.filter((f) => !f.undecided).map((f) => f.rule));

/**
 * The baseline a model is trained against: the engine's answer to every corpus case with the pack as the caller left it
 * (its model taken out), their decided rules, the number of allowed cases, and a runner for one case.
 */
export function baseline(pack: PolicyPack, cases: readonly Case[], requests: readonly CheckRequest[]) {
  const runOne = (i: number): CheckResponse => runCase(pack, requests[i]!);
  const base = cases.map((_, i) => runOne(i));
  return { runOne, base, baseRules: base.map(decidedRules), nAllowed: cases.filter((c) => c.expect.verdict === 'allow').length };
}

/** A trainer's command-line option value (`--name value`), or undefined. */
export function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}
