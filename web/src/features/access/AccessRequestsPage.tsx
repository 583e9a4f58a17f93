// Access requests (Policy 471 IV.E): in a selection, promotion or disciplinary process HR or the Superintendent ask an
// employee to disclose a personal site and give the district access; the employee answers (gave access, or declined)
// and the district may withdraw the request. Every answer is an update of the version read (If-Match).
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { api } from '../../lib/api';
import { hasRole, useMe } from '../../lib/me';
import { usePaged } from '../../lib/paging';
import { usePeopleOptions } from '../../lib/people';
import { ifMatch, useSubmit } from '../../lib/submit';
import { formatDateTime } from '../../lib/time';

interface AccessRequest {
  id: string;
  employeeId: string;
  process: 'selection' | 'promotion' | 'discipline';
  network: string | null;
  site: string | null;
  reason: string;
  status: 'requested' | 'provided' | 'declined' | 'withdrawn';
  respondedAt: string | null;
  version: number;
  createdAt: string;
}

const PROCESSES = [
  { value: 'selection', label: 'Employment selection' },
  { value: 'promotion', label: 'Promotion' },
  { value: 'discipline', label: 'Disciplinary process' },
];
const STATUS_TEXT: Record<AccessRequest['status'], string> = { requested: 'Waiting for the answer', provided: 'Access given', declined: 'Declined', withdrawn: 'Withdrawn' };
const FIELDS = ['employeeId', 'process', 'network', 'site', 'reason'];
const DISTRICT_ROLES = ['hr', 'superintendent'];

function RequestCard({ r, name, district, onChanged }: { r: AccessRequest; name: string; district: boolean; onChanged: (text: string) => void }) {
  const answer = useSubmit(
    (a: 'provided' | 'declined' | 'withdrawn') => api<AccessRequest>(`/api/v1/access-requests/${encodeURIComponent(r.id)}/answer`, { body: { answer: a }, headers: ifMatch(r.version) }),
    (u) => onChanged(`Request ${u.status === 'provided' ? 'answered: access given' : u.status}.`),
  );
  const what = [r.site, r.network ? `on ${r.network}` : null].filter(Boolean).join(' ') || 'any personal site or network';
  const error = answer.formError();
  return (
    <Card withBorder padding="sm" data-testid="access-request" data-status={r.status}>
      <Group justify="space-between">
        <Text fw={700}>
          {PROCESSES.find((p) => p.value === r.process)?.label ?? r.process}: {what}
          {district ? ` · ${name}` : ''}
        </Text>
        <Badge color={r.status === 'requested' ? 'yellow.3' : r.status === 'provided' ? 'teal.9' : 'gray.8'} autoContrast tt="none">
          {STATUS_TEXT[r.status]}
        </Badge>
      </Group>
      <Text size="sm">Why: {r.reason}</Text>
      <Text size="sm">
        Asked <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
        {r.respondedAt && (
          <>
            {' '}
            · answered <time dateTime={r.respondedAt}>{formatDateTime(r.respondedAt)}</time>
          </>
        )}
      </Text>
      {error && (
        <ErrorAlert mt="xs">
          {error}
        </ErrorAlert>
      )}
      {r.status === 'requested' && (
        <Group mt="xs">
          {district ? (
            <Button size="xs" variant="default" loading={answer.busy} onClick={() => void answer.run('withdrawn')}>
              Withdraw the request<VisuallyHidden component="span"> to {name}</VisuallyHidden>
            </Button>
          ) : (
            <>
              <Button size="xs" loading={answer.busy} onClick={() => void answer.run('provided')}>
                I gave the district access
              </Button>
              <Button size="xs" variant="default" loading={answer.busy} onClick={() => void answer.run('declined')}>
                I decline
              </Button>
            </>
          )}
        </Group>
      )}
    </Card>
  );
}

function AskForAccess({ onSent }: { onSent: (text: string) => void }) {
  const [search, setSearch] = useState('');
  const options = usePeopleOptions('employee', search);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [process, setProcess] = useState<string | null>(null);
  const [network, setNetwork] = useState('');
  const [site, setSite] = useState('');
  const [reason, setReason] = useState('');
  const send = useSubmit(
    () =>
      api<AccessRequest>('/api/v1/access-requests', {
        body: { employeeId: employeeId ?? '', process: process ?? '', reason: reason.trim(), ...(network.trim() ? { network: network.trim() } : {}), ...(site.trim() ? { site: site.trim() } : {}) },
      }),
    () => {
      onSent('Request sent to the employee.');
      setEmployeeId(null);
      setSearch('');
      setReason('');
      setSite('');
      setNetwork('');
    },
  );
  const formError = send.formError(FIELDS);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send.run();
      }}
      noValidate
      aria-labelledby="ask-access"
    >
      <Stack gap="xs">
        <Title order={2} size="h3" id="ask-access">
          Ask an employee for access
        </Title>
        {formError && (
          <ErrorAlert>
            {formError}
          </ErrorAlert>
        )}
        <Group grow align="flex-start">
          <Select label="Employee" placeholder="Type a name" searchable data={options} value={employeeId} onChange={setEmployeeId} searchValue={search} onSearchChange={setSearch} nothingFoundMessage="No employee by that name" error={send.fieldError('employeeId')} required />
          <Select label="Process" data={PROCESSES} value={process} onChange={setProcess} error={send.fieldError('process')} required />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Network (optional)" description="e.g. facebook" value={network} onChange={(e) => setNetwork(e.currentTarget.value)} error={send.fieldError('network')} />
          <TextInput label="Site or account (optional)" description="an address or a handle" value={site} onChange={(e) => setSite(e.currentTarget.value)} error={send.fieldError('site')} />
        </Group>
        <Textarea label="Why the district asks" autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={send.fieldError('reason')} required />
        <Group>
          <Button type="submit" loading={send.busy}>
            Send the request
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AccessRequestsPage() {
  const me = useMe();
  const district = hasRole(me, DISTRICT_ROLES);
  const list = usePaged<AccessRequest>('/api/v1/access-requests', 200);
  const [names, setNames] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!district) return;
    api<{ items: Array<{ id: string; name: string }> }>('/api/v1/people?kind=employee&limit=200')
      .then((r) => setNames(Object.fromEntries(r.items.map((p) => [p.id, p.name]))))
      .catch(() => setNames({}));
  }, [district, list.items.length]);
  const changed = (text: string) => {
    setMessage(text);
    list.reload();
  };
  const open = list.items.filter((r) => r.status === 'requested');
  const done = list.items.filter((r) => r.status !== 'requested');
  return (
    <Stack maw={860}>
      <Title order={1}>Access requests</Title>
      <Text>
        {district
          ? 'In an employment selection, promotion or disciplinary process the district may ask an employee to disclose a personal site or network account and give the district access to it (Policy 471 IV.E). The employee answers here.'
          : 'In an employment selection, promotion or disciplinary process the district may ask you to disclose a personal site or network account and give the district access to it (Policy 471 IV.E). Give access outside Clearpost, then say so here, or decline.'}
      </Text>
      {message && (
        <Alert color="green.9" role="status">
          {message}
        </Alert>
      )}
      {list.error && <ErrorAlert>{list.error}</ErrorAlert>}
      {district && <AskForAccess onSent={changed} />}
      <Title order={2} size="h3">
        {district ? 'Waiting for an answer' : 'Requests to me'}
      </Title>
      {!list.loading && open.length === 0 && <Text>No open requests.</Text>}
      {open.map((r) => (
        <RequestCard key={`${r.id}@${r.version}`} r={r} name={names[r.employeeId] ?? r.employeeId} district={district} onChanged={changed} />
      ))}
      {done.length > 0 && (
        <>
          <Title order={2} size="h3">
            Answered or withdrawn
          </Title>
          {done.map((r) => (
            <RequestCard key={`${r.id}@${r.version}`} r={r} name={names[r.employeeId] ?? r.employeeId} district={district} onChanged={changed} />
          ))}
        </>
      )}
      {list.hasMore && (
        <Group>
          <Button variant="default" onClick={list.loadMore}>
            More requests
          </Button>
        </Group>
      )}
    </Stack>
  );
}
