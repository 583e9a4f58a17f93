// Report a concern (mandated reporting): what was seen, where, when you became aware; the 24-hour deadline is shown.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { useDraft } from '../../lib/draft';

interface Report {
  id: string;
  what: string;
  whereSeen: string;
  awareAt: string;
  dueAt: string;
  status: string;
  overdue: boolean;
}

function localInputNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function hoursLeft(due: string): string {
  const ms = Date.parse(due) - Date.now();
  if (ms <= 0) return 'overdue';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return `${h} h ${m} min left`;
}

export function ReportPage() {
  // Kept in this tab while typed (a reload or signing in again loses nothing); forgotten once filed.
  const [what, setWhat, clearWhat] = useDraft('report.what', '');
  const [where, setWhere, clearWhere] = useDraft('report.where', '');
  const [aware, setAware, clearAware] = useDraft('report.aware', localInputNow);
  const [error, setError] = useState<ApiError | null>(null);
  const [filed, setFiled] = useState<Report | null>(null);
  const [mine, setMine] = useState<Report[]>([]);
  const load = () => void api<{ items: Report[] }>('/api/v1/mandated-reports').then((r) => setMine(r.items)).catch(() => setMine([]));
  useEffect(load, []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<Report>('/api/v1/mandated-reports', { body: { what, whereSeen: where, awareAt: new Date(aware).toISOString() } });
      setFiled(r);
      setError(null);
      clearWhat();
      clearWhere();
      clearAware();
      load();
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    }
  };
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <Stack maw={720}>
      <Title order={1}>Report a concern</Title>
      <Text>If you saw inappropriate behavior involving students on a social network, report it here. The report is due 24 hours after you became aware, and goes to the district&apos;s designated staff.</Text>
      {filed && (
        <Alert color="green.9" role="status">
          Report filed. Due {new Date(filed.dueAt).toLocaleString()} ({hoursLeft(filed.dueAt)}).
        </Alert>
      )}
      {error && !error.field && <Alert variant="outline" color="red.9" role="alert">{error.message}</Alert>}
      <form onSubmit={submit} noValidate>
        <Stack>
          <Textarea label="What did you see?" value={what} onChange={(e) => setWhat(e.currentTarget.value)} error={fieldError('what')} autosize minRows={3} required />
          <TextInput label="Where (network, group, account)" value={where} onChange={(e) => setWhere(e.currentTarget.value)} error={fieldError('whereSeen')} required />
          <TextInput label="When you became aware" type="datetime-local" value={aware} onChange={(e) => setAware(e.currentTarget.value)} error={fieldError('awareAt')} required />
          <Group>
            <Button type="submit">File the report</Button>
          </Group>
        </Stack>
      </form>
      <Title order={2} size="h3">
        My reports
      </Title>
      {mine.length === 0 && <Text>No reports yet.</Text>}
      {mine.map((r) => (
        <Card key={r.id} withBorder padding="sm">
          <Group justify="space-between">
            <Text fw={700}>{r.whereSeen}</Text>
            <Badge autoContrast color={r.overdue ? 'red.9' : r.status === 'open' ? 'yellow.4' : 'teal.9'}>{r.overdue ? 'overdue' : r.status}</Badge>
          </Group>
          <Text size="sm">{r.what}</Text>
          <Text size="sm">Due {new Date(r.dueAt).toLocaleString()}</Text>
        </Card>
      ))}
    </Stack>
  );
}
