// IV.E monitoring: the accounts the district monitors (with the reason, polling state, end, poll now) and the review
// queue of monitored posts whose check was not "allow" (dismiss or mark as an incident, with the reason).
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { hasRole, useMe } from '../../lib/me';
import { errorText, usePaged } from '../../lib/paging';
import { useRouter } from '../../lib/router';
import { formatDateTime } from '../../lib/time';

interface Account {
  id: string;
  kind: 'personal' | 'district';
  employeeId: string | null;
  network: string;
  handle: string | null;
  url: string | null;
  feedUrl: string | null;
  reason: string;
  active: boolean;
  lastPolledAt: string | null;
  lastPollStatus: string | null;
  lastPollError: string | null;
  nextPollAt: string | null;
  version: number;
}
interface ReviewItem {
  id: string;
  accountId: string;
  itemUrl: string | null;
  publishedAt: string | null;
  excerpt: string;
  verdict: 'revise' | 'block';
  findings: Array<{ rule: string; clause: string; severity: string; message: string }>;
  status: 'open' | 'dismissed' | 'incident' | 'case';
  reason: string | null;
  version: number;
}

export function MonitoringPage() {
  const me = useMe();
  const monitors = hasRole(me, ['building-supervisor', 'hr', 'superintendent']);
  const accounts = usePaged<Account>('/api/v1/monitored-accounts', 200);
  // A notice links to /staff/monitoring?item=ID: show that item whatever its status, and move focus to it.
  const focusItem = useRouter().query.get('item');
  const [status, setStatus] = useState<string | null>(focusItem ? null : 'open');
  const queue = usePaged<ReviewItem>(`/api/v1/review-items${status ? `?status=${status}` : ''}`, 50);
  const [employees, setEmployees] = useState<Array<{ value: string; label: string }>>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // Register form.
  const [kind, setKind] = useState<string>(monitors ? 'personal' : 'district');
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [network, setNetwork] = useState('');
  const [handle, setHandle] = useState('');
  const [feedUrl, setFeedUrl] = useState('');
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<{ items: Array<{ id: string; name: string }> }>('/api/v1/people?kind=employee&limit=200')
      .then((r) => setEmployees(r.items.map((p) => ({ value: p.id, label: p.name }))))
      .catch(() => setEmployees([]));
  }, []);
  useEffect(() => {
    if (!focusItem || queue.loading) return;
    const el = document.getElementById(`review-${focusItem}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [focusItem, queue.loading]);
  const nameOf = (id: string | null) => (id === null ? '' : (employees.find((e) => e.value === id)?.label ?? id));
  const accountOf = (id: string) => accounts.items.find((a) => a.id === id);
  // HR and the Superintendent attach an item to an open discipline case of the same employee.
  const canAttach = hasRole(me, ['hr', 'superintendent']);
  const [cases, setCases] = useState<Array<{ id: string; employeeId: string; summary: string }>>([]);
  const [attachTo, setAttachTo] = useState<Record<string, string | null>>({});
  useEffect(() => {
    if (!canAttach) return;
    api<{ items: Array<{ id: string; employeeId: string; summary: string }> }>('/api/v1/discipline-cases?status=open&limit=200')
      .then((r) => setCases(r.items))
      .catch(() => setCases([]));
  }, [canAttach]);

  const act = async (what: string, path: string, body: unknown, version?: number) => {
    try {
      await api(path, { body, ...(version !== undefined ? { headers: { 'if-match': `"${version}"` } } : {}) });
      setMessage(what);
      setError(null);
      accounts.reload();
      queue.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  // A decision on one queue item: a problem that names the reason is shown at that item's Reason field.
  const [itemErrors, setItemErrors] = useState<Record<string, string>>({});
  const actOnItem = async (id: string, what: string, path: string, body: unknown, version: number) => {
    try {
      await api(path, { body, headers: { 'if-match': `"${version}"` } });
      setMessage(what);
      setError(null);
      setItemErrors((e) => ({ ...e, [id]: '' }));
      accounts.reload();
      queue.reload();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'reason') {
        setMessage(null);
        setItemErrors((e) => ({ ...e, [id]: 'Give the reason: it is kept with the decision.' }));
      } else setError(errorText(err));
    }
  };
  const pollNow = async (a: Account) => {
    try {
      const r = await api<{ status: string; newItems: number; flagged: number; error?: string }>(`/api/v1/monitored-accounts/${a.id}/poll`, { body: {} });
      if (r.status === 'error' || r.status === 'malformed') setError(`Poll of ${a.network} ${a.handle ?? ''} failed: ${r.error ?? r.status}`);
      else {
        setMessage(`Polled: ${r.newItems} new post${r.newItems === 1 ? '' : 's'}, ${r.flagged} flagged for review.`);
        setError(null);
      }
      accounts.reload();
      queue.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const register = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/v1/monitored-accounts', { body: { kind, ...(kind === 'personal' && employeeId ? { employeeId } : {}), network, ...(handle ? { handle } : {}), ...(feedUrl ? { feedUrl } : {}), reason } });
      setMessage('Account registered for monitoring.');
      setFormError(null);
      setNetwork('');
      setHandle('');
      setFeedUrl('');
      setReason('');
      accounts.reload();
    } catch (err) {
      setFormError(err instanceof ApiError ? err : new ApiError({ title: errorText(err), status: 0 }));
    }
  };
  const fieldError = (f: string) => (formError?.field === f ? formError.message : undefined);

  return (
    <Stack maw={1100}>
      <Title order={1}>Monitored accounts</Title>
      <Text>Sites and accounts the district monitors under Policy 471 IV.E, always with a reason. New posts on a monitored feed are checked; those that are not allowed wait in the review queue.</Text>
      {message && (
        <Alert color="green.9" role="status">
          {message}
        </Alert>
      )}
      {(error ?? accounts.error) && <Alert variant="outline" color="red.9" role="alert">{error ?? accounts.error}</Alert>}

      <Title order={2} size="h3">
        Review queue
      </Title>
      <Select
        label="Show"
        maw={260}
        data={[
          { value: 'open', label: 'Waiting for review' },
          { value: 'incident', label: 'Incidents' },
          { value: 'dismissed', label: 'Dismissed' },
          { value: 'case', label: 'Attached to a case' },
        ]}
        value={status}
        onChange={setStatus}
        clearable
        placeholder="All items"
      />
      {queue.error && <Alert variant="outline" color="red.9" role="alert">{queue.error}</Alert>}
      {!queue.loading && queue.items.length === 0 && <Text>Nothing to review.</Text>}
      {queue.items.map((i) => {
        const a = accountOf(i.accountId);
        return (
          <Card key={i.id} withBorder padding="sm" data-testid="review-item" id={`review-${i.id}`} tabIndex={-1} style={i.id === focusItem ? { borderColor: 'var(--mantine-color-indigo-9)', borderWidth: 3 } : undefined}>
            <Group justify="space-between">
              <Text fw={700}>
                {a ? `${a.network}${a.handle ? ` ${a.handle}` : ''}${a.employeeId ? ` (${nameOf(a.employeeId)})` : ''}` : i.accountId}
              </Text>
              <Group gap={4}>
                <Badge color={i.verdict === 'block' ? 'red.9' : 'yellow.3'} autoContrast tt="none">
                  {i.verdict === 'block' ? 'Blocked' : 'Revise'}
                </Badge>
                <Badge color="gray.8" tt="none">
                  {i.status}
                </Badge>
              </Group>
            </Group>
            <Text size="sm" mt={4}>
              {i.excerpt}
            </Text>
            <Text size="sm">
              {i.publishedAt ? `Posted ${formatDateTime(i.publishedAt)}` : ''}
              {i.itemUrl && (
                <>
                  {' '}
                  <Anchor href={i.itemUrl} target="_blank" rel="noreferrer">
                    Open the post
                  </Anchor>
                </>
              )}
            </Text>
            <List size="sm" mt={4}>
              {i.findings.map((f, k) => (
                <List.Item key={k}>
                  {f.message} (clause {f.clause})
                </List.Item>
              ))}
            </List>
            {i.reason && <Text size="sm">Reason: {i.reason}</Text>}
            {i.status === 'open' && (
              <Group mt="xs" align="flex-end">
                <TextInput size="xs" label="Reason" value={reasons[i.id] ?? ''} error={itemErrors[i.id] || undefined} onChange={(e) => { const v = e.currentTarget.value; setReasons((r) => ({ ...r, [i.id]: v })); }} />
                <Button size="xs" variant="default" onClick={() => void actOnItem(i.id, 'Item dismissed.', `/api/v1/review-items/${i.id}/dismiss`, { reason: reasons[i.id] ?? '' }, i.version)}>
                  Dismiss
                </Button>
                <Button size="xs" color="red.9" onClick={() => void actOnItem(i.id, 'Item marked as an incident.', `/api/v1/review-items/${i.id}/incident`, { reason: reasons[i.id] ?? '' }, i.version)}>
                  Mark as incident
                </Button>
              </Group>
            )}
            {canAttach && (i.status === 'open' || i.status === 'incident') && a?.employeeId && (
              <Group mt="xs" align="flex-end">
                <Select
                  size="xs"
                  label="Open discipline case"
                  data={cases.filter((c) => c.employeeId === a.employeeId).map((c) => ({ value: c.id, label: c.summary.length > 60 ? `${c.summary.slice(0, 59)}…` : c.summary }))}
                  value={attachTo[i.id] ?? null}
                  onChange={(v) => setAttachTo((t) => ({ ...t, [i.id]: v }))}
                  placeholder={cases.some((c) => c.employeeId === a.employeeId) ? 'Choose a case' : 'No open case for this employee'}
                />
                <Button size="xs" variant="default" disabled={!attachTo[i.id]} onClick={() => void act('Item attached to the case.', `/api/v1/review-items/${i.id}/attach`, { caseId: attachTo[i.id], ...(reasons[i.id] ? { reason: reasons[i.id] } : {}) }, i.version)}>
                  Attach to the case
                </Button>
              </Group>
            )}
          </Card>
        );
      })}
      {queue.hasMore && (
        <Group>
          <Button variant="default" onClick={queue.loadMore}>
            Load more items
          </Button>
        </Group>
      )}

      <Title order={2} size="h3">
        Accounts
      </Title>
      {!accounts.loading && accounts.items.length === 0 && <Text>No monitored accounts.</Text>}
      {accounts.items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder>
            <Table.Caption>Monitored accounts and their polling state</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Account</Table.Th>
                <Table.Th scope="col">Employee</Table.Th>
                <Table.Th scope="col">Reason</Table.Th>
                <Table.Th scope="col">Last poll</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.items.map((a) => (
                <Table.Tr key={a.id} data-testid="monitored-account">
                  <Table.Th scope="row">
                    {a.network} {a.handle ?? a.url ?? ''} {a.kind === 'district' ? '(district)' : ''}
                  </Table.Th>
                  <Table.Td>{nameOf(a.employeeId)}</Table.Td>
                  <Table.Td>{a.reason}</Table.Td>
                  <Table.Td>
                    {a.lastPolledAt ? `${formatDateTime(a.lastPolledAt)}: ${a.lastPollStatus ?? ''}` : a.feedUrl ? 'not yet' : 'no feed'}
                    {a.lastPollError ? ` (${a.lastPollError})` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {a.feedUrl && a.active && (
                        <Button size="xs" variant="default" onClick={() => void pollNow(a)}>
                          Poll now
                        </Button>
                      )}
                      {a.active ? (
                        <Button size="xs" variant="default" onClick={() => void act('Monitoring ended.', `/api/v1/monitored-accounts/${a.id}/end`, {}, a.version)}>
                          End monitoring
                        </Button>
                      ) : (
                        <Text size="sm">Ended</Text>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <form onSubmit={register} noValidate aria-labelledby="register-account">
        <Stack gap="sm">
          <Title order={2} size="h3" id="register-account">
            Monitor an account
          </Title>
          {formError && !['employeeId', 'network', 'handle', 'feedUrl', 'reason'].includes(formError.field ?? '') && <Alert variant="outline" color="red.9" role="alert">{formError.message}</Alert>}
          <Group grow align="flex-start">
            <Select
              label="Whose account"
              data={[...(monitors ? [{ value: 'personal', label: "An employee's site (IV.E)" }] : []), { value: 'district', label: 'A district account' }]}
              value={kind}
              onChange={(v) => setKind(v ?? 'district')}
              allowDeselect={false}
            />
            {kind === 'personal' && <Select label="Employee" data={employees} value={employeeId} onChange={setEmployeeId} searchable error={fieldError('employeeId')} />}
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Network" value={network} onChange={(e) => setNetwork(e.currentTarget.value)} error={fieldError('network')} required />
            <TextInput label="Handle" value={handle} onChange={(e) => setHandle(e.currentTarget.value)} error={fieldError('handle')} />
          </Group>
          <TextInput label="Feed URL (RSS, Atom or JSON Feed)" value={feedUrl} onChange={(e) => setFeedUrl(e.currentTarget.value)} error={fieldError('feedUrl')} />
          <Textarea label="Reason for monitoring" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError('reason')} autosize minRows={2} required />
          <Group>
            <Button type="submit">Start monitoring</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
