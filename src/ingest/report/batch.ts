// What an audit worker makes of one batch, in archive order: the summary's counts, CSV rows, flagged posts as JSON and HTML rows.
import type { AuditFinding, AuditSummary, FlaggedPost } from '../../app/audit-archive.js';
import type { Verdict } from '../../contracts/check.js';
import type { SourceError, SourcePost } from '../source.js';
import { renderFlaggedRow } from './html.js';

/**
 * Plain data: small objects, and the report text already UTF-8 encoded in one buffer that is transferred,
 * not copied (cloning the strings cost more than building them).
 */
export interface BatchReport {
  posts: number;
  verdicts: Record<Verdict, number>;
  byMonth: AuditSummary['byMonth'];
  byRule: AuditSummary['byRule'];
  readErrors: AuditSummary['readErrors'];
  flagged: number;
  /**
   * report.csv rows, then each flagged post as ",\n" and its JSON (the report's array once the first two
   * bytes are dropped), then each flagged post as a row of the HTML report's table; `sizes` says where they end.
   */
  bytes: Uint8Array;
  sizes: { csv: number; json: number; html: number };
}

/** The three parts of a report's bytes. */
export function reportParts(r: BatchReport): { csv: Buffer; json: Buffer; html: Buffer } {
  const b = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
  const { csv, json, html } = r.sizes;
  return { csv: b.subarray(0, csv), json: b.subarray(csv, csv + json), html: b.subarray(csv + json, csv + json + html) };
}

export type ReportFormat = 'html' | 'csv' | 'json';

export const CSV_HEADER = 'id,posted_at,link,verdict,rules,clauses,quote,text\n';

function csvCell(s: string | undefined): string {
  const v = s ?? '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function emptyBatchReport(): BatchReport {
  return { posts: 0, verdicts: { allow: 0, revise: 0, block: 0 }, byMonth: {}, byRule: {}, readErrors: [], flagged: 0, bytes: new Uint8Array(0), sizes: { csv: 0, json: 0, html: 0 } };
}

export class BatchReporter {
  private r = emptyBatchReport();
  private csvText = '';
  private jsonText = '';
  private htmlText = '';
  private readonly csv: boolean;
  private readonly json: boolean;
  private readonly html: boolean;

  constructor(formats: readonly ReportFormat[]) {
    this.csv = formats.includes('csv');
    this.json = formats.includes('json');
    this.html = formats.includes('html');
  }

  error(e: SourceError): void {
    this.r.readErrors.push({ where: e.where, message: e.message });
  }

  add(p: SourcePost, verdict: Verdict, findings: AuditFinding[]): void {
    const r = this.r;
    r.posts++;
    r.verdicts[verdict]++;
    const month = (p.postedAt ?? '').slice(0, 7) || 'undated';
    (r.byMonth[month] ??= { allow: 0, revise: 0, block: 0 })[verdict]++;
    for (const f of findings) (r.byRule[f.rule] ??= { clause: f.clause, count: 0 }).count++;
    if (verdict !== 'allow') {
      r.flagged++;
      const fp: FlaggedPost = { id: p.id, postedAt: p.postedAt, link: p.link, text: p.text, verdict, findings };
      if (this.json) this.jsonText += `,\n${JSON.stringify(fp)}`;
      if (this.html) this.htmlText += renderFlaggedRow(fp);
    }
    if (this.csv) {
      const rules = findings.length === 0 ? '' : [...new Set(findings.map((f) => f.rule))].join(' ');
      const clauses = findings.length === 0 ? '' : [...new Set(findings.map((f) => f.clause))].join(' ');
      const quote = findings.length === 0 ? undefined : findings.find((f) => f.quote)?.quote;
      this.csvText += `${csvCell(p.id)},${csvCell(p.postedAt)},${csvCell(p.link)},${verdict},${csvCell(rules)},${csvCell(clauses)},${csvCell(quote)},${csvCell(p.text.slice(0, 280))}\n`;
    }
  }

  /** The batch so far, its text encoded into one buffer of its own (transfer r.bytes.buffer); starts a new one. */
  take(): BatchReport {
    const r = this.r;
    const csv = Buffer.byteLength(this.csvText);
    const json = Buffer.byteLength(this.jsonText);
    const html = Buffer.byteLength(this.htmlText);
    const b = Buffer.allocUnsafeSlow(csv + json + html);
    b.write(this.csvText, 0);
    b.write(this.jsonText, csv);
    b.write(this.htmlText, csv + json);
    r.bytes = b;
    r.sizes = { csv, json, html };
    this.r = emptyBatchReport();
    this.csvText = this.jsonText = this.htmlText = '';
    return r;
  }
}

/** Adds one batch's counts to the summary, keeping first-seen order of months and rules. */
export function mergeBatchReport(s: AuditSummary, r: BatchReport): void {
  s.posts += r.posts;
  s.verdicts.allow += r.verdicts.allow;
  s.verdicts.revise += r.verdicts.revise;
  s.verdicts.block += r.verdicts.block;
  for (const [m, v] of Object.entries(r.byMonth)) {
    const t = (s.byMonth[m] ??= { allow: 0, revise: 0, block: 0 });
    t.allow += v.allow;
    t.revise += v.revise;
    t.block += v.block;
  }
  for (const [rule, v] of Object.entries(r.byRule)) (s.byRule[rule] ??= { clause: v.clause, count: 0 }).count += v.count;
  for (const e of r.readErrors) s.readErrors.push(e);
}
