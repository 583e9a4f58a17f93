// Consent coverage as a chart: written parental consent in force today, per building, or per grade within one building.
import { Chart } from '../../lib/charts';

// The server's coverage answer, typed by the shared contract (types only).
export type { Coverage, CoverageRow } from '../../../../src/contracts/summaries.js';
import type { Coverage } from '../../../../src/contracts/summaries.js';

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

export function gradeLabel(g: string | null): string {
  if (g === null) return '(no grade)';
  if (g === 'KG' || g === 'K' || g === '0') return 'Kindergarten';
  return /^\d+$/.test(g) ? `Grade ${g}` : g;
}

/** Rows of the chart: one per building (grades summed), or one per grade when a building is chosen. */
export function coverageRows(c: Coverage, buildingId: string | null): Array<{ label: string; image: number; network: number; students: number }> {
  if (buildingId !== null) {
    return c.items.filter((i) => i.buildingId === buildingId).map((i) => ({ label: gradeLabel(i.grade), image: i.studentImage.percent, network: i.socialNetwork.percent, students: i.students }));
  }
  const by = new Map<string, { label: string; students: number; image: number; network: number }>();
  for (const i of c.items) {
    const r = by.get(i.building) ?? { label: i.building, students: 0, image: 0, network: 0 };
    r.students += i.students;
    r.image += i.studentImage.consented;
    r.network += i.socialNetwork.consented;
    by.set(i.building, r);
  }
  return [...by.values()].map((r) => ({ label: r.label, students: r.students, image: pct(r.image, r.students), network: pct(r.network, r.students) }));
}

export function CoverageChart({ coverage, buildingId, buildingName }: { coverage: Coverage; buildingId: string | null; buildingName?: string | undefined }) {
  const rows = coverageRows(coverage, buildingId);
  const lowest = [...rows].sort((a, b) => a.image - b.image)[0];
  const where = buildingId === null ? 'per building' : `per grade in ${buildingName ?? 'the building'}`;
  const csv = `/api/v1/consent-coverage?format=csv${buildingId ? `&buildingId=${encodeURIComponent(buildingId)}` : ''}`;
  return (
    <Chart
      testId="chart-coverage"
      title={`Consent coverage ${where}`}
      summary={`Share of students with written parental consent in force on ${coverage.asOf}: ${coverage.totals.studentImage.percent}% for images and ${coverage.totals.socialNetwork.percent}% for social-network participation district-wide${lowest ? `; lowest for images: ${lowest.label} at ${lowest.image}%` : ''}.`}
      data={rows}
      xKey="label"
      xLabel={buildingId === null ? 'Building' : 'Grade'}
      kind="hbar"
      maxY={100}
      format={(n) => `${n}%`}
      series={[
        { key: 'image', label: 'Image consent (%)', color: '#364fc7' },
        { key: 'network', label: 'Social-network participation (%)', color: '#087f5b' },
      ]}
      csvHref={csv}
    />
  );
}
