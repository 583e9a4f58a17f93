// My records: the annual disclosure of student and public groups (IV.B), my authorization requests (spokesperson,
// instructional use) with their decisions, and my recent checks.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { useDraft } from '../../lib/draft';
import { MyChecks } from './MyChecks';

interface Disclosure {
  id: string;
  schoolYear: string;
  groups: Array<{ name: string; network?: string }>;
}
interface Authorization {
  id: string;
  type: string;
  status: string;
  network: string | null;
  activity: string | null;
  reason: string | null;
  validUntil: string | null;
}

export function currentSchoolYear(d = new Date()): string {
  const y = d.getMonth() >= 6 ? d.getFullYear() : d.getFullYear() - 1;
  return `${y}-${y + 1}`;
}

export function MyRecordsPage() {
  const year = currentSchoolYear();
  // The disclosure and request being typed are kept in this tab until filed (see lib/draft.ts).
  const [groups, setGroups, clearGroups] = useDraft<Array<{ name: string; network: string }>>(`records.disclosure.${year}`, [{ name: '', network: '' }]);
  const [disclosures, setDisclosures] = useState<Disclosure[]>([]);
  const [auths, setAuths] = useState<Authorization[]>([]);
  const [type, setType, clearType] = useDraft<string>('records.request.type', 'spokesperson');
  const [network, setNetwork, clearNetwork] = useDraft('records.request.network', '');
  const [activity, setActivity, clearActivity] = useDraft('records.request.activity', '');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    void api<{ items: Disclosure[] }>(`/api/v1/disclosures?schoolYear=${year}`).then((r) => setDisclosures(r.items)).catch(() => setDisclosures([]));
    void api<{ items: Authorization[] }>('/api/v1/authorizations').then((r) => setAuths(r.items)).catch(() => setAuths([]));
  };
  useEffect(load, [year]);
  const fileDisclosure = async () => {
    try {
      const clean = groups.filter((g) => g.name.trim() !== '').map((g) => ({ name: g.name.trim(), ...(g.network ? { network: g.network } : {}) }));
      await api('/api/v1/disclosures', { body: { schoolYear: year, groups: clean } });
      setMessage(`Disclosure for ${year} filed.`);
      clearGroups();
      setError(null);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const requestAuth = async () => {
    try {
      await api('/api/v1/authorizations', { body: { type, ...(network ? { network } : {}), ...(activity ? { activity } : {}) } });
      setMessage('Request sent to the Superintendent or designee.');
      clearType();
      clearNetwork();
      clearActivity();
      setError(null);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const latest = disclosures[disclosures.length - 1];
  return (
    <Stack maw={760}>
      <Title order={1}>My records</Title>
      {message && (
        <Alert color="green.9" role="status">
          {message}
        </Alert>
      )}
      {error && <Alert variant="outline" color="red.9" role="alert">{error}</Alert>}
      <Title order={2} size="h3">
        Annual disclosure {year}
      </Title>
      <Text>List the student or community groups you join or engage with on social media (Policy 471 IV.B). File it even if the list is empty.</Text>
      {latest && <Text>On file: {latest.groups.length === 0 ? 'no groups' : latest.groups.map((g) => g.name).join(', ')}.</Text>}
      {groups.map((g, i) => (
        <Group key={i} grow>
          <TextInput label={`Group ${i + 1} name`} value={g.name} onChange={(e) => { const v = e.currentTarget.value; setGroups((gs) => gs.map((x, j) => (j === i ? { ...x, name: v } : x))); }} />
          <TextInput label={`Group ${i + 1} network`} value={g.network} onChange={(e) => { const v = e.currentTarget.value; setGroups((gs) => gs.map((x, j) => (j === i ? { ...x, network: v } : x))); }} />
        </Group>
      ))}
      <Group>
        <Button variant="default" onClick={() => setGroups((gs) => [...gs, { name: '', network: '' }])}>
          Add a group
        </Button>
        <Button onClick={fileDisclosure}>File my {year} disclosure</Button>
      </Group>
      <Title order={2} size="h3">
        Authorizations
      </Title>
      {auths.map((a) => (
        <Card key={a.id} withBorder padding="sm">
          <Group justify="space-between">
            <Text fw={700}>
              {a.type}
              {a.network ? ` on ${a.network}` : ''}
            </Text>
            <Badge autoContrast color={a.status === 'approved' ? 'teal.9' : a.status === 'requested' ? 'yellow.4' : 'gray.8'}>{a.status}</Badge>
          </Group>
          {a.validUntil && <Text size="sm">Valid until {a.validUntil}</Text>}
          {a.status !== 'requested' && a.reason && <Text size="sm">Reason given: {a.reason}</Text>}
        </Card>
      ))}
      <Group align="flex-end" grow>
        <Select
          label="Request"
          data={[
            { value: 'spokesperson', label: 'Spokesperson' },
            { value: 'instructional-use', label: 'Instructional use of a public network' },
          ]}
          value={type}
          onChange={(v) => setType(v ?? 'spokesperson')}
          allowDeselect={false}
        />
        <TextInput label="Network (for instructional use)" value={network} onChange={(e) => setNetwork(e.currentTarget.value)} />
        <TextInput label="Activity" value={activity} onChange={(e) => setActivity(e.currentTarget.value)} />
      </Group>
      <Group>
        <Button onClick={requestAuth}>Send the request</Button>
      </Group>
      <MyChecks />
    </Stack>
  );
}
