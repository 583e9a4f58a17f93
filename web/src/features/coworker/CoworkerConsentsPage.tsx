// Co-worker image consents (Policy 471 IV.A.1): an employee gives a named co-worker consent to post images of them,
// sees the consents they gave and were given, each one's history, and revokes their own. Staff see every one.
import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { api } from '../../lib/api';
import { useMe } from '../../lib/me';
import { usePaged } from '../../lib/paging';
import { usePeopleOptions } from '../../lib/people';
import { useRouter } from '../../lib/router';
import { districtToday } from '../../lib/time';
import { useSubmit } from '../../lib/submit';
import { ConsentHistory } from '../consents/ConsentHistory';
import { RevokeConsent } from '../consents/RevokeConsent';

interface CoworkerConsent {
  id: string;
  subjectId: string;
  subjectName: string | null;
  granteeId: string | null;
  granteeName: string | null;
  status: 'current' | 'revoked' | 'expired' | 'upcoming';
  scope: string[] | null;
  network: string | null;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  version: number;
}

const SCOPES = [
  { value: 'district-accounts', label: 'District accounts' },
  { value: 'personal-accounts', label: 'Personal accounts' },
  { value: 'print', label: 'Print' },
  { value: 'internal', label: 'Internal use' },
];
const STATUS_TEXT: Record<CoworkerConsent['status'], string> = { current: 'In force', revoked: 'Revoked', expired: 'Expired', upcoming: 'Not yet in force' };
const FIELDS = ['granteeId', 'scope', 'network', 'validFrom', 'validUntil'];


function ConsentCard({ c, mine, onChanged }: { c: CoworkerConsent; mine: 'gave' | 'got' | 'staff'; onChanged: () => void }) {
  const who = mine === 'gave' ? `${c.granteeName ?? c.granteeId} may post images of you` : mine === 'got' ? `You may post images of ${c.subjectName ?? c.subjectId}` : `${c.granteeName ?? c.granteeId} may post images of ${c.subjectName ?? c.subjectId}`;
  const label = mine === 'gave' ? `your consent to ${c.granteeName ?? c.granteeId}` : `the consent of ${c.subjectName ?? c.subjectId} to ${c.granteeName ?? c.granteeId}`;
  return (
    <Card withBorder padding="sm" data-testid="coworker-consent" data-status={c.status}>
      <Group justify="space-between">
        <Text fw={700}>{who}</Text>
        <Badge color={c.status === 'current' ? 'teal.9' : c.status === 'upcoming' ? 'gray.8' : 'red.9'} tt="none">
          {STATUS_TEXT[c.status]}
        </Badge>
      </Group>
      <Text size="sm">
        {c.validFrom} to {c.validUntil ?? 'no end date'}
        {c.scope ? ` · ${c.scope.map((s) => SCOPES.find((x) => x.value === s)?.label ?? s).join(', ')}` : ' · anywhere'}
        {c.network ? ` · on ${c.network}` : ''}
      </Text>
      {c.revokedAt && (
        <Text size="sm">
          Revoked {c.revokedAt.slice(0, 10)}
          {c.revokeReason ? `: ${c.revokeReason}` : ''}
        </Text>
      )}
      <ConsentHistory consentId={c.id} label={label} />
      {mine !== 'got' && !c.revokedAt && c.status !== 'expired' && <RevokeConsent consent={c} label={label} onRevoked={onChanged} />}
    </Card>
  );
}

export function CoworkerConsentsPage() {
  const me = useMe();
  const personId = me?.personId;
  const list = usePaged<CoworkerConsent>('/api/v1/coworker-consents', 200);
  // A co-worker's ask (a notice from their check page) links here with them chosen: ?grantee=<person id>&granteeName=<name>.
  const { query } = useRouter();
  const [search, setSearch] = useState(() => query.get('granteeName') ?? '');
  const options = usePeopleOptions('employee', search, personId);
  const [grantee, setGrantee] = useState<string | null>(() => query.get('grantee'));
  const [scope, setScope] = useState<string[]>([]);
  const [network, setNetwork] = useState('');
  const [from, setFrom] = useState(() => districtToday(me?.district?.timezone));
  const [until, setUntil] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const give = useSubmit(
    () =>
      api<CoworkerConsent>('/api/v1/coworker-consents', {
        body: { granteeId: grantee ?? '', validFrom: from, ...(until ? { validUntil: until } : {}), ...(scope.length ? { scope } : {}), ...(network.trim() ? { network: network.trim() } : {}) },
      }),
    (c) => {
      setMessage(`Consent given: ${c.granteeName ?? 'your co-worker'} may post images of you.`);
      setGrantee(null);
      setSearch('');
      list.reload();
    },
  );
  const changed = () => {
    setMessage('Consent revoked.');
    list.reload();
  };
  const gave = useMemo(() => list.items.filter((c) => c.subjectId === personId), [list.items, personId]);
  const got = useMemo(() => list.items.filter((c) => c.granteeId === personId), [list.items, personId]);
  const others = useMemo(() => list.items.filter((c) => c.subjectId !== personId && c.granteeId !== personId), [list.items, personId]);
  const formError = give.formError(FIELDS);

  return (
    <Stack maw={860}>
      <Title order={1}>Co-worker consents</Title>
      <Text>Employees may not post images of co-workers without their consent (Policy 471 IV.A.1). Give a co-worker your consent here; a check of their post with you in a photo then finds it.</Text>
      {message && (
        <Alert color="green.9" role="status">
          {message}
        </Alert>
      )}
      {list.error && <ErrorAlert>{list.error}</ErrorAlert>}
      {personId ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setMessage(null);
            void give.run();
          }}
          noValidate
          aria-labelledby="give-consent"
        >
          <Stack gap="xs">
            <Title order={2} size="h3" id="give-consent">
              Give my consent
            </Title>
            {formError && (
              <ErrorAlert>
                {formError}
              </ErrorAlert>
            )}
            <Select
              label="Co-worker who may post images of me"
              placeholder="Type a name"
              searchable
              data={options}
              value={grantee}
              onChange={setGrantee}
              searchValue={search}
              onSearchChange={setSearch}
              nothingFoundMessage="No employee by that name"
              error={give.fieldError('granteeId')}
              required
            />
            <Checkbox.Group label="Where (none ticked: anywhere)" value={scope} onChange={setScope} error={give.fieldError('scope')}>
              <Group mt={4}>
                {SCOPES.map((s) => (
                  <Checkbox key={s.value} value={s.value} label={s.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput label="Only on this network (optional)" description="e.g. instagram" value={network} onChange={(e) => setNetwork(e.currentTarget.value)} error={give.fieldError('network')} />
            <Group grow>
              <TextInput type="date" label="Valid from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={give.fieldError('validFrom')} required />
              <TextInput type="date" label="Valid until (optional)" value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={give.fieldError('validUntil')} />
            </Group>
            <Group>
              <Button type="submit" loading={give.busy}>
                Give my consent
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Text>Your account is not linked to an employee record, so you cannot give a consent of your own.</Text>
      )}
      {personId && (
        <>
          <Title order={2} size="h3">
            Consents I gave
          </Title>
          {!list.loading && gave.length === 0 && <Text>None.</Text>}
          {gave.map((c) => (
            <ConsentCard key={c.id} c={c} mine="gave" onChanged={changed} />
          ))}
          <Title order={2} size="h3">
            Consents I was given
          </Title>
          {!list.loading && got.length === 0 && <Text>None.</Text>}
          {got.map((c) => (
            <ConsentCard key={c.id} c={c} mine="got" onChanged={changed} />
          ))}
        </>
      )}
      {others.length > 0 && (
        <>
          <Title order={2} size="h3">
            {personId ? 'Other co-worker consents' : 'All co-worker consents'}
          </Title>
          {others.map((c) => (
            <ConsentCard key={c.id} c={c} mine="staff" onChanged={changed} />
          ))}
        </>
      )}
      {list.hasMore && (
        <Group>
          <Button variant="default" onClick={list.loadMore}>
            More consents
          </Button>
        </Group>
      )}
    </Stack>
  );
}
