// The engine: a check request, a policy pack and `now` in; a decision with its explanation out. No I/O.
import type { CheckRequest, CheckResponse, Finding } from '../contracts/check.js';
import { Analysis } from './analysis.js';
import { IMAGE_TEXT_RULES, imageTexts, onImage } from './image-text.js';
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
  const ctx = compileContext(request.context);
  const a = new Analysis(request.post, ctx, pack, opts.now);
  const findings: Finding[] = [];
  // Text read from the post's images (OCR) goes through the text rules too; most posts have none.
  const texts = request.post.images === undefined ? [] : imageTexts(a);
  for (const meta of pack.rules) {
    if (!meta.enabled) continue;
    const rule = RULE_BY_ID.get(meta.id);
    if (rule === undefined) continue; // validatePack refuses packs naming unknown rules
    let results;
    try {
      results = rule.evaluate(a, meta);
      if (texts.length > 0 && IMAGE_TEXT_RULES.has(meta.id)) for (const t of texts) results = results.concat(onImage(t, rule.evaluate(t.analysis, meta)));
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
      if (meta.related.length > 0) f.related = meta.related.map((p) => `Policy ${p}`);
      findings.push(f);
    }
  }
  sortFindings(findings);
  const day = postLocalTime(a).day;
  const response: CheckResponse = {
    verdict: decideVerdict(findings),
    policy: { id: pack.id, title: pack.title, version: pack.versionOn(day) },
    findings,
    checkedAt: isoOf(opts.now),
  };
  const allowedBy = detectPermissions(a);
  if (allowedBy.length > 0) response.allowedBy = allowedBy;
  return response;
}
