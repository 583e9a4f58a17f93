// The engine: a check request, a policy pack and `now` in; a decision with its explanation out. No I/O.
import type { CheckRequest, CheckResponse, Finding } from '../contracts/check.js';
import { Analysis } from './analysis.js';
import { IMAGE_TEXT_RULES, imageTexts, onImage, type ImageText } from './image-text.js';
import { compileContext } from './context.js';
import type { PolicyPack } from './policy/pack.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/rule.js';
import { decideVerdict, sortFindings } from './verdict/verdict.js';
import { detectPermissions } from './analyzers/permissions.js';
import { postLocalTime } from './analyzers/duty-time.js';

const RULE_BY_ID = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export interface CheckOptions {
  now: Date;
}

/** `now` as ISO text, kept while the instant is the same (a batch checks many posts against one `now`). */
let lastNow = NaN;
let lastIso = '';
function isoOf(now: Date): string {
  const t = now.getTime();
  if (t !== lastNow) {
    lastIso = now.toISOString();
    lastNow = t;
  }
  return lastIso;
}

export function check(request: CheckRequest, pack: PolicyPack, opts: CheckOptions): CheckResponse {
  return checkMany([request], pack, opts)[0]!;
}

/** One post under way: its analysis, its images' texts and the findings so far. */
interface Pending {
  a: Analysis;
  texts: ImageText[];
  findings: Finding[];
}

/**
 * check() of each request, in order: the same responses. The rules run one after the other over the whole batch (rule
 * outer, post inner), so each rule's code, expressions and tables stay warm in the caches across the batch instead of
 * being evicted by the fifteen other rules between two posts: ~8 % less CPU a post in batches of 256 (bench posts,
 * paired runs; docs/decisions/0007-cache-misses.md). A batch's posts are independent: each has its own Analysis.
 */
export function checkMany(requests: readonly CheckRequest[], pack: PolicyPack, opts: CheckOptions): CheckResponse[] {
  const posts: Pending[] = requests.map((request) => {
    const a = new Analysis(request.post, compileContext(request.context), pack, opts.now);
    // Text read from the post's images (OCR) goes through the text rules too; most posts have none.
    return { a, texts: request.post.images === undefined ? [] : imageTexts(a), findings: [] };
  });
  for (const meta of pack.rules) {
    if (!meta.enabled) continue;
    const rule = RULE_BY_ID.get(meta.id);
    if (rule === undefined) continue; // validatePack refuses packs naming unknown rules
    const onImages = IMAGE_TEXT_RULES.has(meta.id);
    for (const p of posts) {
      let results;
      try {
        results = rule.evaluate(p.a, meta);
        if (onImages) for (const t of p.texts) results = results.concat(onImage(t, rule.evaluate(t.analysis, meta)));
      } catch (err) {
        // A rule that fails must not quietly pass: report it as undecided.
        results = [{ message: `This rule could not be evaluated (${(err as Error).message}).`, undecided: true }];
      }
      for (const r of results) {
        const f: Finding = {
          rule: meta.id,
          clause: meta.clause,
          severity: r.undecided ? 'advisory' : meta.severity,
          message: r.message,
        };
        if (r.evidence !== undefined) f.evidence = r.evidence;
        f.remedy = r.remedy ?? meta.remedy;
        if (r.undecided) f.undecided = true;
        if (meta.related.length > 0) f.related = meta.related.map((x) => `Policy ${x}`);
        p.findings.push(f);
      }
    }
  }
  const checkedAt = isoOf(opts.now);
  return posts.map(({ a, findings }) => {
    sortFindings(findings);
    const day = postLocalTime(a).day;
    const response: CheckResponse = {
      verdict: decideVerdict(findings),
      policy: { id: pack.id, title: pack.title, version: pack.versionOn(day) },
      findings,
      checkedAt,
    };
    const allowedBy = detectPermissions(a);
    if (allowedBy.length > 0) response.allowedBy = allowedBy;
    return response;
  });
}
