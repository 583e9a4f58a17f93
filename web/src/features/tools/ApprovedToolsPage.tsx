// The approved-tools catalog (Policy 471 IV.C): district-approved platforms and their CIPA status; the Superintendent or an admin adds and retires them.
import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { hasRole, useMe } from '../../lib/me';
import { errorText, usePaged } from '../../lib/paging';

interface Tool {
  id: string;
  network: string;
  name: string;
  cipaCompliant: boolean;
  passwordProtected: boolean;
  active: boolean;
  version: number;
}

export function ApprovedToolsPage() {
  const me = useMe();
  const canManage = hasRole(me, ['superintendent', 'admin']);
  const [showRetired, setShowRetired] = useState(false);
  const list = usePaged<Tool>(`/api/v1/approved-tools${showRetired ? '?includeRetired=true' : ''}`, 200);
  const [name, setName] = useState('');
  const [network, setNetwork] = useState('');
  const [cipa, setCipa] = useState(false);
  const [pw, setPw] = useState(false);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const t = await api<Tool>('/api/v1/approved-tools', { body: { name, network, cipaCompliant: cipa, passwordProtected: pw } });
      setMessage(`${t.name} added to the catalog.`);
      setFormError(null);
      setName('');
      setNetwork('');
      setCipa(false);
      setPw(false);
      list.reload();
    } catch (err) {
      setFormError(err instanceof ApiError ? err : new ApiError({ title: errorText(err), status: 0 }));
    }
  };
  const retire = async (t: Tool) => {
    try {
      await api(`/api/v1/approved-tools/${encodeURIComponent(t.id)}/retire`, { body: {}, headers: { 'if-match': `"${t.version}"` } });
      setMessage(`${t.name} retired.`);
      setError(null);
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const fieldError = (f: string) => (formError?.field === f ? formError.message : undefined);

  return (
    <Stack maw={980}>
      <Title order={1}>Approved tools</Title>
      <Text>Platforms the district approved for instruction and school communication (Policy 471 IV.C). Tools for students must comply with the Children&apos;s Internet Protection Act (CIPA).</Text>
      {message && (
        <Alert color="green.9" role="status">
          {message}
        </Alert>
      )}
      {(error ?? list.error) && <Alert variant="outline" color="red.9" role="alert">{error ?? list.error}</Alert>}
      <Checkbox label="Show retired tools" checked={showRetired} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
      {!list.loading && list.items.length === 0 && <Text>No tools in the catalog.</Text>}
      {list.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder>
            <Table.Caption>Approved tools and their CIPA status</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Tool</Table.Th>
                <Table.Th scope="col">Network</Table.Th>
                <Table.Th scope="col">CIPA</Table.Th>
                <Table.Th scope="col">Password protected</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canManage && <Table.Th scope="col">Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((t) => (
                <Table.Tr key={t.id} data-testid="tool">
                  <Table.Th scope="row">{t.name}</Table.Th>
                  <Table.Td>{t.network}</Table.Td>
                  <Table.Td>
                    <Badge color={t.cipaCompliant ? 'teal.9' : 'red.9'} tt="none">
                      {t.cipaCompliant ? 'CIPA compliant' : 'Not CIPA compliant'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t.passwordProtected ? 'Yes' : 'No'}</Table.Td>
                  <Table.Td>{t.active ? 'Approved' : 'Retired'}</Table.Td>
                  {canManage && (
                    <Table.Td>
                      {t.active && (
                        <Button size="xs" variant="default" onClick={() => void retire(t)} aria-label={`Retire ${t.name}`}>
                          Retire
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasMore && (
        <Group>
          <Button variant="default" onClick={list.loadMore}>
            Load more tools
          </Button>
        </Group>
      )}
      {canManage && (
        <form onSubmit={add} noValidate aria-labelledby="add-tool">
          <Stack gap="sm">
            <Title order={2} size="h3" id="add-tool">
              Add a tool
            </Title>
            {formError && !['name', 'network'].includes(formError.field ?? '') && <Alert variant="outline" color="red.9" role="alert">{formError.message}</Alert>}
            <Group grow align="flex-start">
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} required />
              <TextInput label="Network" description="As posts name it, e.g. seesaw" value={network} onChange={(e) => setNetwork(e.currentTarget.value)} error={fieldError('network')} required />
            </Group>
            <Checkbox label="CIPA compliant" checked={cipa} onChange={(e) => setCipa(e.currentTarget.checked)} />
            <Checkbox label="Password protected" checked={pw} onChange={(e) => setPw(e.currentTarget.checked)} />
            <Group>
              <Button type="submit">Add the tool</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
