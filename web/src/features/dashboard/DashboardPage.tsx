// The district dashboard: checks per week by verdict, findings by rule and clause over time, this school year's
// disclosure completion by building, overdue mandated reports. Charts, each with a table view and a CSV export.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Card, Group, List, SimpleGrid, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { api } from '../../lib/api';
import { Chart, PALETTE, type Row } from '../../lib/charts';
import { errorText } from '../../lib/paging';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';

// The server's answer, typed by the shared contract (types only: no policy logic or schema code in the web app).
export type { Dashboard } from '../../../../src/contracts/summaries.js';
import type { Dashboard } from '../../../../src/contracts/summaries.js';

export const DASHBOARD_URL = '/api/v1/dashboard';
const TOP_RULES = 5;

function query(from: string, to: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...extra }).toString();
  return q ? `?${q}` : '';
}

export function DashboardPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<Dashboard>(`${DASHBOARD_URL}${query(from, to)}`)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [from, to]);

  const csv = (section: string) => `${DASHBOARD_URL}${query(from, to, { format: 'csv', section })}`;

  // Findings over time: the most frequent rules as lines, the rest together.
  const findings = useMemo(() => {
    if (data === null) return { rows: [] as Row[], series: [] as Array<{ key: string; label: string }> };
    const top = data.findingsByRule.slice(0, TOP_RULES).map((r) => r.rule);
    const rows: Row[] = data.checksByWeek.map((w) => ({ week: w.week, ...Object.fromEntries(top.map((r) => [r, 0])), other: 0 }));
    const byWeek = new Map(rows.map((r) => [String(r.week), r]));
    for (const f of data.findingsByWeek) {
      const row = byWeek.get(f.week);
      if (row === undefined) continue;
      const k = top.includes(f.rule) ? f.rule : 'other';
      row[k] = Number(row[k] ?? 0) + f.count;
    }
    const clauseOf = new Map(data.findingsByRule.map((r) => [r.rule, r.clause]));
    const series = [...top.map((r) => ({ key: r, label: `${r} (${clauseOf.get(r) ?? ''})` })), ...(data.findingsByRule.length > TOP_RULES ? [{ key: 'other', label: 'Other rules' }] : [])];
    return { rows, series };
  }, [data]);

  if (data === null) {
    return (
      <Stack>
        <Title order={1}>Dashboard</Title>
        {error ? <Alert variant="outline" color="red.9" role="alert">{error}</Alert> : <Text role="status">Loading…</Text>}
      </Stack>
    );
  }
  const totalChecks = data.checksByWeek.reduce((a, w) => a + w.total, 0);
  const blocked = data.checksByWeek.reduce((a, w) => a + w.block, 0);
  const busiest = [...data.checksByWeek].sort((a, b) => b.total - a.total)[0];
  const topRule = data.findingsByRule[0];
  const lowest = [...data.disclosuresByBuilding].sort((a, b) => a.percent - b.percent)[0];

  return (
    <Stack maw={1200}>
      <Title order={1}>Dashboard</Title>
      <Text>
        {data.range.from} to {data.range.to} ({data.timezone}); disclosures for the {data.schoolYear} school year.
      </Text>
      {error && <Alert variant="outline" color="red.9" role="alert">{error}</Alert>}
      <Group align="flex-end">
        <TextInput type="date" label="From" value={from || data.range.from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To" value={to || data.range.to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <Card withBorder padding="md" data-testid="overdue-reports">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Overdue mandated reports
          </Title>
          <Group gap="md">
            <Anchor href={csv('overdue-reports')} download size="sm">
              Download CSV<VisuallyHidden> of overdue mandated reports</VisuallyHidden>
            </Anchor>
            <Anchor component={Link} to="/staff/reports" size="sm">
              All mandated reports
            </Anchor>
          </Group>
        </Group>
        <Text size="xl" fw={700} c={data.overdueReports.count > 0 ? 'red.9' : 'teal.9'}>
          {data.overdueReports.count === 0 ? 'None overdue' : `${data.overdueReports.count} overdue`}
        </Text>
        {data.overdueReports.items.length > 0 && (
          <List size="sm">
            {data.overdueReports.items.slice(0, 5).map((r) => (
              <List.Item key={r.id}>
                Reported by {r.reporter || r.reporterId}, due {formatDateTime(r.dueAt)}: {r.hoursOverdue} h overdue
              </List.Item>
            ))}
          </List>
        )}
      </Card>
      <SimpleGrid cols={{ base: 1, xl: 2 }}>
        <Chart
          testId="chart-checks"
          title="Checks per week by verdict"
          summary={totalChecks === 0 ? 'No posts were checked in this period.' : `${totalChecks} posts checked, ${blocked} blocked; the busiest week was ${busiest?.week ?? ''} with ${busiest?.total ?? 0}.`}
          data={data.checksByWeek}
          xKey="week"
          xLabel="Week"
          kind="stacked"
          yLabel="Checks"
          series={[
            { key: 'allow', label: 'Allowed', color: '#087f5b' },
            { key: 'revise', label: 'Revise', color: '#d9480f' },
            { key: 'block', label: 'Blocked', color: '#c92a2a' },
          ]}
          csvHref={csv('checks')}
        />
        <Chart
          testId="chart-findings-over-time"
          title="Findings by rule over time"
          summary={topRule ? `The most frequent finding is ${topRule.rule} (clause ${topRule.clause}) with ${topRule.count}.` : 'No findings in this period.'}
          data={data.findingsByRule.length === 0 ? [] : findings.rows}
          xKey="week"
          xLabel="Week"
          kind="line"
          yLabel="Findings"
          series={findings.series.map((s, i) => ({ ...s, color: PALETTE[i % PALETTE.length]! }))}
          csvHref={csv('findings')}
        />
        <Chart
          testId="chart-findings-by-rule"
          title="Findings by rule and clause"
          summary={topRule ? `${data.findingsByRule.length} rules found something; ${topRule.rule} most often.` : 'No findings in this period.'}
          data={data.findingsByRule.map((r) => ({ rule: `${r.rule} (${r.clause})`, count: r.count }))}
          xKey="rule"
          xLabel="Rule (clause)"
          kind="hbar"
          series={[{ key: 'count', label: 'Findings', color: '#364fc7' }]}
          csvHref={csv('findings')}
        />
        <Chart
          testId="chart-disclosures"
          title={`Annual disclosures filed, ${data.schoolYear}`}
          summary={lowest ? `Share of employees who filed their disclosure, by building; lowest: ${lowest.building} at ${lowest.percent}%.` : 'No employees yet.'}
          data={data.disclosuresByBuilding}
          xKey="building"
          xLabel="Building"
          kind="hbar"
          maxY={100}
          format={(n) => `${Math.round(n)}%`}
          series={[{ key: 'percent', label: 'Employees who filed (%)', color: '#087f5b' }]}
          csvHref={csv('disclosures')}
        />
      </SimpleGrid>
    </Stack>
  );
}
