// Approvals queue for the Superintendent or designee: authorization requests with one-click approve or deny, with a reason.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';

interface Authorization {
  id: string;
  type: string;
  employeeId: string;
  status: string;
  network: string | null;
  activity: string | null;
  reason: string | null;
  version: number;
}

function schoolYearEnd(): string {
  const d = new Date();
  const y = d.getMonth() >= 6 ? d.getFullYear() + 1 : d.getFullYear();
  return `${y}-06-30`;
}

export function ApprovalsPage() {
  const [items, setItems] = useState<Authorization[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const load = () => void api<{ items: Authorization[] }>('/api/v1/authorizations?status=requested').then((r) => setItems(r.items)).catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  useEffect(load, []);
  const decide = async (a: Authorization, decision: 'approved' | 'denied') => {
    try {
      const today = new Date().toISOString().slice(0, 10);
      await api(`/api/v1/authorizations/${a.id}/decision`, {
        body: { decision, ...(reasons[a.id] ? { reason: reasons[a.id] } : {}), ...(decision === 'approved' ? { validFrom: today, validUntil: schoolYearEnd() } : {}) },
        headers: { 'if-match': `"${a.version}"` },
      });
      setError(null);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Stack maw={760}>
      <Title order={1}>Approvals</Title>
      {error && <Alert color="red.9">{error}</Alert>}
      {items.length === 0 && <Text>No requests are waiting.</Text>}
      {items.map((a) => (
        <Card key={a.id} withBorder padding="sm" data-testid="approval">
          <Text fw={700}>
            {a.type}
            {a.network ? ` on ${a.network}` : ''} for employee {a.employeeId}
          </Text>
          {a.activity && <Text size="sm">Activity: {a.activity}</Text>}
          {a.reason && <Text size="sm">Why: {a.reason}</Text>}
          <TextInput mt="xs" label="Reason for the decision" value={reasons[a.id] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setReasons((r) => ({ ...r, [a.id]: v })); }} />
          <Group mt="xs">
            <Button onClick={() => decide(a, 'approved')}>Approve</Button>
            <Button variant="default" onClick={() => decide(a, 'denied')}>
              Deny
            </Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
