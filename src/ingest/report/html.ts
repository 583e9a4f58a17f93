// The audit report as one self-contained, accessible HTML page: summary, rules and clauses, a chart over time, every flagged post.
import type { AuditSummary, FlaggedPost } from '../../app/audit-archive.js';

const esc = (s: string | undefined): string => (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const COLORS = { allow: '#2b8a3e', revise: '#a35b00', block: '#c92a2a' } as const;

function chart(byMonth: AuditSummary['byMonth']): string {
  const months = Object.keys(byMonth).filter((m) => m !== 'undated').sort();
  if (months.length === 0) return '<p>No dated posts.</p>';
  const W = 720;
  const H = 200;
  const bw = Math.max(2, Math.floor((W - 40) / months.length) - 2);
  const max = Math.max(...months.map((m) => byMonth[m]!.allow + byMonth[m]!.revise + byMonth[m]!.block));
  const bars = months
    .map((m, i) => {
      const v = byMonth[m]!;
      let y = H - 20;
      const x = 40 + i * (bw + 2);
      return (['allow', 'revise', 'block'] as const)
        .map((k) => {
          const h = Math.round(((H - 30) * v[k]) / max);
          y -= h;
          return h > 0 ? `<rect x="${x}" y="${y}" width="${bw}" height="${h}" fill="${COLORS[k]}"><title>${m}: ${v[k]} ${k}</title></rect>` : '';
        })
        .join('');
    })
    .join('');
  const first = months[0]!;
  const last = months[months.length - 1]!;
  return `<svg role="img" aria-labelledby="chart-title" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px"><title id="chart-title">Posts per month by verdict, ${first} to ${last} (most posts in a month: ${max})</title>${bars}<text x="40" y="${H - 4}" font-size="11">${first}</text><text x="${W - 60}" y="${H - 4}" font-size="11">${last}</text><text x="0" y="14" font-size="11">${max}</text></svg>`;
}

/** One table row of a flagged post, with each finding's clause, rule, quote and remedy. */
export function renderFlaggedRow(p: FlaggedPost): string {
  const text = p.text.slice(0, 200);
  return `<tr><td>${esc(p.postedAt?.slice(0, 10))}</td><td><span class="v v-${p.verdict}">${p.verdict}</span></td><td>${p.link ? `<a href="${esc(p.link)}">${esc(text)}</a>` : esc(text)}</td><td>${p.findings
    .map((f) => `<div><strong>${esc(f.clause)} ${esc(f.rule)}</strong>${f.quote ? `: “<mark>${esc(f.quote)}</mark>”` : ''}<br>${esc(f.remedy ?? f.message)}</div>`)
    .join('')}</td></tr>\n`;
}

/** Everything before the flagged rows; the rows are streamed after it, then renderAuditHtmlTail(). */
export function renderAuditHtmlHead(s: AuditSummary, flaggedCount: number): string {
  const rules = Object.entries(s.byRule).sort((a, b) => b[1].count - a[1].count);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clearpost audit: ${esc(s.source)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#212529;line-height:1.45}table{border-collapse:collapse;width:100%}th,td{border:1px solid #adb5bd;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f1f3f5}.v{font-weight:700;padding:0 .3rem;border-radius:3px;color:#fff}.v-allow{background:${COLORS.allow}}.v-revise{background:${COLORS.revise}}.v-block{background:${COLORS.block}}mark{background:#ffe066}a{color:#1c3faa}</style></head>
<body><main>
<h1>Clearpost audit</h1>
<p>${esc(s.source)} — ${esc(s.format)}, ${s.posts.toLocaleString('en-US')} posts checked in ${s.seconds.toFixed(1)} s on ${esc(s.startedAt.slice(0, 10))}.</p>
<h2>Verdicts</h2>
<table><caption>Posts by verdict</caption><thead><tr><th scope="col">Verdict</th><th scope="col">Posts</th></tr></thead><tbody>
${(['block', 'revise', 'allow'] as const).map((k) => `<tr><td><span class="v v-${k}">${k}</span></td><td>${s.verdicts[k].toLocaleString('en-US')}</td></tr>`).join('')}
</tbody></table>
<h2>Findings by rule and clause</h2>
${rules.length === 0 ? '<p>No findings.</p>' : `<table><caption>Findings by rule</caption><thead><tr><th scope="col">Clause</th><th scope="col">Rule</th><th scope="col">Findings</th></tr></thead><tbody>${rules.map(([r, v]) => `<tr><td>${esc(v.clause)}</td><td>${esc(r)}</td><td>${v.count}</td></tr>`).join('')}</tbody></table>`}
<h2>Over time</h2>
${chart(s.byMonth)}
${s.readErrors.length > 0 ? `<h2>Could not read</h2><ul>${s.readErrors.map((e) => `<li>${esc(e.where)}: ${esc(e.message)}</li>`).join('')}</ul><p>Everything readable was still checked.</p>` : ''}
<h2>Flagged posts (${flaggedCount.toLocaleString('en-US')})</h2>
${flaggedCount === 0 ? '<p>None.</p>' : `<table><caption>Every post that is not allowed, in the order of the archive</caption><thead><tr><th scope="col">Date</th><th scope="col">Verdict</th><th scope="col">Post</th><th scope="col">Findings and remedies</th></tr></thead><tbody>\n`}`;
}

export function renderAuditHtmlTail(flaggedCount: number): string {
  return `${flaggedCount === 0 ? '' : '</tbody></table>'}\n</main></body></html>\n`;
}
