// Mandated reports for designated staff: every concern filed in the district, the 24-hour deadline counting down live, overdue ones first.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { usePaged } from '../../lib/paging';
import { countdown, formatDateTime, useNow } from '../../lib/time';

interface Report {
  id: string;
  reporterId: string;
  what: string;
  whereSeen: string;
  awareAt: string;
  dueAt: string;
  status: string;
  overdue: boolean;
  reportedTo: string | null;
  version: number;
}

/** Record that an open report reached the authorities (to whom; now), which closes it. If-Match: a stale row is refused. */
function HandOver({ report, onDone }: { report: Report; onDone: () => void }) {
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api(`/api/v1/mandated-reports/${report.id}/made`, { body: { reportedTo: to, close: true }, headers: { 'if-match': `"${report.version}"` } });
      setError(null);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group gap="xs" mt={4} wrap="nowrap" align="flex-start">
        <TextInput size="xs" aria-label={`Reported to (report about ${report.whereSeen})`} placeholder="Reported to (agency)" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={error} />
        <Button size="xs" type="submit" loading={busy} disabled={to.trim() === ''}>
          Record hand-over
        </Button>
      </Group>
    </form>
  );
}

export function ReportsQueuePage() {
  const [names, setNames] = useState<Record<string, string>>({});
  const [overdueOnly, setOverdueOnly] = useState(false);
  const { items, error, loading, hasMore, loadMore, reload } = usePaged<Report>(`/api/v1/mandated-reports${overdueOnly ? '?overdueOnly=true' : ''}`, 200);
  const now = useNow(1000);

  useEffect(() => {
    api<{ items: Array<{ id: string; name: string }> }>('/api/v1/people?kind=employee&limit=200')
      .then((r) => setNames(Object.fromEntries(r.items.map((p) => [p.id, p.name]))))
      .catch(() => setNames({}));
  }, []);

  // Open reports first, the most urgent on top; handled ones after.
  const sorted = useMemo(() => [...items].sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || Date.parse(a.dueAt) - Date.parse(b.dueAt)), [items]);
  const overdueCount = items.filter((r) => r.status === 'open' && Date.parse(r.dueAt) <= now).length;

  return (
    <Stack maw={1100}>
      <Title order={1}>Mandated reports</Title>
      <Text>Concerns employees reported (Policy 471 IV.D). Each must reach the authorities within 24 hours of when the employee became aware.</Text>
      {error && <Alert variant="outline" color="red.9" role="alert">{error}</Alert>}
      <Group>
        <Checkbox label="Overdue only" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} />
        <Text fw={700} data-testid="overdue-count">
          {overdueCount === 0 ? 'None overdue' : `${overdueCount} overdue`}
        </Text>
      </Group>
      {!loading && sorted.length === 0 && <Text>No reports.</Text>}
      {sorted.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder>
            <Table.Caption>Mandated reports, most urgent first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time left</Table.Th>
                <Table.Th scope="col">Where</Table.Th>
                <Table.Th scope="col">What was seen</Table.Th>
                <Table.Th scope="col">Reported by</Table.Th>
                <Table.Th scope="col">Aware</Table.Th>
                <Table.Th scope="col">Due</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((r) => {
                const c = countdown(r.dueAt, now);
                const open = r.status === 'open';
                return (
                  <Table.Tr key={r.id} data-testid="mandated-report">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {open ? (
                        <Badge color={c.overdue ? 'red.9' : 'yellow.3'} autoContrast variant="filled" tt="none" size="lg" style={{ overflow: 'visible' }} data-testid="countdown" data-overdue={c.overdue} data-seconds-left={Math.round((Date.parse(r.dueAt) - now) / 1000)}>
                          {c.text}
                        </Badge>
                      ) : (
                        <Text size="sm">—</Text>
                      )}
                    </Table.Td>
                    <Table.Td>{r.whereSeen}</Table.Td>
                    <Table.Td>{r.what}</Table.Td>
                    <Table.Td>{names[r.reporterId] ?? r.reporterId}</Table.Td>
                    <Table.Td>
                      <time dateTime={r.awareAt}>{formatDateTime(r.awareAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      <time dateTime={r.dueAt}>{formatDateTime(r.dueAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      {r.status}
                      {r.reportedTo ? ` to ${r.reportedTo}` : ''}
                      {open && <HandOver report={r} onDone={reload} />}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {hasMore && (
        <Group>
          <Button variant="default" onClick={loadMore} loading={loading}>
            Load more reports
          </Button>
        </Group>
      )}
    </Stack>
  );
}
