// Approvals queue for the Superintendent or designee: each authorization request with who asked and why, the employee's
// earlier authorizations on demand (their history), and one-click approve or deny with a reason (If-Match: a decision
// on a request that changed meanwhile is refused, not lost). Decisions made here are listed below the queue.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { useMe } from '../../lib/me';
import { ifMatch } from '../../lib/submit';
import { districtToday, schoolYearEndOf } from '../../lib/time';

interface Authorization {
  id: string;
  type: string;
  employeeId: string;
  employeeName?: string | null;
  status: string;
  network: string | null;
  activity: string | null;
  reason: string | null;
  validFrom: string | null;
  validUntil: string | null;
  decidedAt: string | null;
  createdAt: string;
  version: number;
}

const TYPE_LABEL: Record<string, string> = { spokesperson: 'Spokesperson', 'instructional-use': 'Instructional use of a public network' };
const STATUS_COLOR: Record<string, string> = { approved: 'teal.9', denied: 'red.9', revoked: 'gray.8', requested: 'yellow.4' };

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-US', { dateStyle: 'medium' }) : '');
const whoOf = (a: Authorization) => a.employeeName ?? a.employeeId;
const what = (a: Authorization) => `${TYPE_LABEL[a.type] ?? a.type}${a.network ? ` on ${a.network}` : ''}`;

/** The employee's other authorizations, newest first: what was asked before and how it was decided. */
function History({ request }: { request: Authorization }) {
  const [items, setItems] = useState<Authorization[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: Authorization[] }>(`/api/v1/authorizations?employeeId=${encodeURIComponent(request.employeeId)}&limit=200`)
      .then((r) => setItems(r.items.filter((a) => a.id !== request.id).reverse()))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [request.employeeId, request.id]);
  if (error) return <ErrorAlert mt="xs">{error}</ErrorAlert>;
  if (items === null) return <Text size="sm">Loading…</Text>;
  if (items.length === 0) return <Text size="sm" mt="xs">No earlier requests from {whoOf(request)}.</Text>;
  return (
    <List size="sm" mt="xs" spacing={4} data-testid="approval-history">
      {items.map((a) => (
        <List.Item key={a.id}>
          {what(a)}: <strong>{a.status}</strong>
          {a.decidedAt ? ` on ${day(a.decidedAt)}` : ` (asked ${day(a.createdAt)})`}
          {a.status === 'approved' && a.validUntil ? `, valid until ${a.validUntil}` : ''}
          {a.reason ? `. Reason: ${a.reason}` : ''}
        </List.Item>
      ))}
    </List>
  );
}

export function ApprovalsPage() {
  const timeZone = useMe()?.district?.timezone;
  const [items, setItems] = useState<Authorization[] | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [decided, setDecided] = useState<Authorization[]>([]);
  // Shown above the queue: the card it was about may be gone after the reload.
  const [stale, setStale] = useState<string | null>(null);
  const load = useCallback(
    () =>
      void api<{ items: Authorization[] }>('/api/v1/authorizations?status=requested&limit=200')
        .then((r) => {
          setItems(r.items);
          setLoadError(null);
        })
        .catch((e: unknown) => setLoadError(e instanceof ApiError ? e.message : String(e))),
    [],
  );
  useEffect(load, [load]);
  const decide = async (a: Authorization, decision: 'approved' | 'denied') => {
    const reason = (reasons[a.id] ?? '').trim();
    if (decision === 'denied' && reason === '') {
      setErrors((e) => ({ ...e, [a.id]: 'Give the reason for the denial: the employee reads it.' }));
      return;
    }
    try {
      const today = districtToday(timeZone);
      const done = await api<Authorization>(`/api/v1/authorizations/${a.id}/decision`, {
        body: { decision, ...(reason ? { reason } : {}), ...(decision === 'approved' ? { validFrom: today, validUntil: schoolYearEndOf(today) } : {}) },
        headers: ifMatch(a.version),
      });
      setErrors((e) => ({ ...e, [a.id]: '' }));
      setDecided((d) => [{ ...done, employeeName: a.employeeName ?? null }, ...d]);
      load();
    } catch (e) {
      // 409: decided meanwhile (by another designee); 412: changed since it was read.
      const stale = e instanceof ApiError && (e.problem.status === 409 || e.problem.status === 412);
      setErrors((x) => ({ ...x, [a.id]: stale ? `${whoOf(a)}'s request was decided or changed by someone else after you opened this page; nothing was changed by you. The queue is reloaded.` : e instanceof ApiError ? e.message : String(e) }));
      if (stale) {
        setStale(`${whoOf(a)}'s ${what(a).toLowerCase()} request was decided or changed by someone else after you opened this page; nothing was changed by you.`);
        load();
      }
    }
  };
  return (
    <Stack maw={760}>
      <Title order={1}>Approvals</Title>
      <Text>Requests from employees to speak for the district or to use a public network for instruction. Approvals run to the end of the school year.</Text>
      {loadError && <ErrorAlert>{loadError}</ErrorAlert>}
      {stale && <ErrorAlert data-testid="stale">{stale}</ErrorAlert>}
      {items !== null && items.length === 0 && <Text>No requests are waiting.</Text>}
      {(items ?? []).map((a) => {
        const reasonId = `reason-${a.id}`;
        return (
          <Card key={a.id} withBorder padding="sm" data-testid="approval" component="section" aria-labelledby={`title-${a.id}`}>
            <Title order={2} size="h4" id={`title-${a.id}`}>
              {what(a)}: {whoOf(a)}
            </Title>
            <Text size="sm">Asked {day(a.createdAt)}</Text>
            {a.activity && <Text size="sm">Activity: {a.activity}</Text>}
            {a.reason && <Text size="sm">Why: {a.reason}</Text>}
            <Group mt="xs">
              <Button size="xs" variant="default" aria-expanded={open[a.id] === true} onClick={() => setOpen((o) => ({ ...o, [a.id]: !o[a.id] }))}>
                {open[a.id] ? 'Hide' : 'Show'} the history of {whoOf(a)}
              </Button>
            </Group>
            {open[a.id] && <History request={a} />}
            <TextInput
              mt="xs"
              id={reasonId}
              label="Reason for the decision"
              description="Required to deny; the employee sees it."
              value={reasons[a.id] ?? ''}
              error={errors[a.id] || undefined}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setReasons((r) => ({ ...r, [a.id]: v }));
              }}
            />
            <Group mt="xs">
              <Button onClick={() => void decide(a, 'approved')}>Approve</Button>
              <Button variant="default" onClick={() => void decide(a, 'denied')}>
                Deny
              </Button>
            </Group>
          </Card>
        );
      })}
      {decided.length > 0 && (
        <>
          <Title order={2} size="h3">
            Decided now
          </Title>
          <Alert color="green.9" role="status" data-testid="decided">
            <Stack gap={4}>
              {decided.map((a) => (
                <Group key={a.id} gap="xs">
                  <Badge color={STATUS_COLOR[a.status] ?? 'gray.8'} autoContrast>
                    {a.status}
                  </Badge>
                  <span>
                    {what(a)}: {whoOf(a)}
                    {a.reason ? `. Reason: ${a.reason}` : ''}
                  </span>
                </Group>
              ))}
            </Stack>
          </Alert>
        </>
      )}
    </Stack>
  );
}
