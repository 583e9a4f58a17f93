// The post's text with every evidence span marked in place, each mark labelled by its finding.
import type { Finding } from './types';

interface Mark {
  start: number;
  end: number;
  index: number;
}

export function Highlighted({ text, findings }: { text: string; findings: Finding[] }) {
  const marks: Mark[] = [];
  findings.forEach((f, index) => {
    const e = f.evidence;
    if (e && 'start' in e && e.end > e.start && e.end <= text.length) marks.push({ start: e.start, end: e.end, index });
  });
  marks.sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    if (m.start > at) parts.push(text.slice(at, m.start));
    const f = findings[m.index]!;
    parts.push(
      <mark key={m.start} className={`cp-mark cp-mark-${f.severity}`} aria-describedby={`finding-${m.index}`} title={f.rule}>
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  parts.push(text.slice(at));
  return (
    <div className="cp-highlighted" data-testid="highlighted">
      {parts}
    </div>
  );
}
