// Discipline cases for HR and the Superintendent: open a case about an employee's post, close it with an outcome.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { errorText, usePaged } from '../../lib/paging';
import { formatDateTime } from '../../lib/time';

interface DisciplineCase {
  id: string;
  employeeId: string;
  summary: string;
  outcome: string | null;
  status: 'open' | 'closed';
  closedAt: string | null;
  createdAt?: string;
  version: number;
}

const OUTCOMES = [
  { value: 'none', label: 'No action' },
  { value: 'verbal-warning', label: 'Verbal warning' },
  { value: 'written-warning', label: 'Written warning' },
  { value: 'suspension', label: 'Suspension' },
  { value: 'termination', label: 'Termination' },
];

export function DisciplinePage() {
  const [status, setStatus] = useState<string | null>('open');
  const list = usePaged<DisciplineCase>(`/api/v1/discipline-cases${status ? `?status=${status}` : ''}`, 100);
  const [employees, setEmployees] = useState<Array<{ value: string; label: string }>>([]);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    api<{ items: Array<{ id: string; name: string }> }>('/api/v1/people?kind=employee&limit=200')
      .then((r) => setEmployees(r.items.map((p) => ({ value: p.id, label: p.name }))))
      .catch(() => setEmployees([]));
  }, []);
  const nameOf = (id: string) => employees.find((e) => e.value === id)?.label ?? id;

  const open = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/v1/discipline-cases', { body: { employeeId: employeeId ?? '', summary } });
      setMessage('Case opened.');
      setFormError(null);
      setSummary('');
      setEmployeeId(null);
      list.reload();
    } catch (err) {
      setFormError(err instanceof ApiError ? err : new ApiError({ title: errorText(err), status: 0 }));
    }
  };
  const close = async (c: DisciplineCase) => {
    try {
      await api(`/api/v1/discipline-cases/${encodeURIComponent(c.id)}/outcome`, { body: { outcome: outcomes[c.id] ?? 'none', close: true }, headers: { 'if-match': `"${c.version}"` } });
      setMessage('Case closed.');
      setError(null);
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const fieldError = (f: string) => (formError?.field === f ? formError.message : undefined);

  return (
    <Stack maw={900}>
      <Title order={1}>Discipline cases</Title>
      {message && (
        <Alert color="green.9" role="status">
          {message}
        </Alert>
      )}
      {(error ?? list.error) && <Alert variant="outline" color="red.9" role="alert">{error ?? list.error}</Alert>}
      <Select
        label="Show"
        maw={240}
        data={[
          { value: 'open', label: 'Open cases' },
          { value: 'closed', label: 'Closed cases' },
        ]}
        value={status}
        onChange={setStatus}
        clearable
        placeholder="All cases"
      />
      {!list.loading && list.items.length === 0 && <Text>No cases.</Text>}
      {list.items.map((c) => (
        <Card key={c.id} withBorder padding="sm" data-testid="discipline-case">
          <Group justify="space-between">
            <Text fw={700}>{nameOf(c.employeeId)}</Text>
            <Badge color={c.status === 'open' ? 'red.9' : 'gray.8'} tt="none">
              {c.status === 'open' ? 'Open' : `Closed: ${OUTCOMES.find((o) => o.value === c.outcome)?.label ?? c.outcome ?? ''}`}
            </Badge>
          </Group>
          <Text size="sm">{c.summary}</Text>
          {c.createdAt && <Text size="sm">Opened {formatDateTime(c.createdAt)}</Text>}
          {c.closedAt && <Text size="sm">Closed {formatDateTime(c.closedAt)}</Text>}
          {c.status === 'open' && (
            <Group mt="xs" align="flex-end">
              <Select label="Outcome" data={OUTCOMES} value={outcomes[c.id] ?? 'none'} onChange={(v) => setOutcomes((o) => ({ ...o, [c.id]: v ?? 'none' }))} allowDeselect={false} />
              <Button variant="default" onClick={() => void close(c)}>
                Close the case
              </Button>
            </Group>
          )}
        </Card>
      ))}
      {list.hasMore && (
        <Group>
          <Button variant="default" onClick={list.loadMore}>
            Load more cases
          </Button>
        </Group>
      )}
      <form onSubmit={open} noValidate aria-labelledby="open-case">
        <Stack gap="sm">
          <Title order={2} size="h3" id="open-case">
            Open a case
          </Title>
          {formError && !['employeeId', 'summary'].includes(formError.field ?? '') && <Alert variant="outline" color="red.9" role="alert">{formError.message}</Alert>}
          <Select label="Employee" data={employees} value={employeeId} onChange={setEmployeeId} searchable error={fieldError('employeeId')} required />
          <Textarea label="Summary" description="What happened, citing the post or report" value={summary} onChange={(e) => setSummary(e.currentTarget.value)} error={fieldError('summary')} autosize minRows={3} required />
          <Group>
            <Button type="submit">Open the case</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
