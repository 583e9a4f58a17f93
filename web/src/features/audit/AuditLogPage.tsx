// The audit log: every write and every staff read of student records, filtered by who, what and when, exported as CSV.
import { useState } from 'react';
import { Alert, Anchor, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { usePaged } from '../../lib/paging';
import { formatDateTime } from '../../lib/time';

export const AUDIT_URL = '/api/v1/audit-log';

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
  hash: string;
}

interface Filters {
  action: string;
  entity: string;
  actor: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { action: '', entity: '', actor: '', from: '', to: '' };

function queryOf(f: Filters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v.trim() !== '') q.set(k, v.trim());
  return q.toString();
}

export function AuditLogPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const q = queryOf(applied);
  const list = usePaged<AuditEntry>(`${AUDIT_URL}${q ? `?${q}` : ''}`, 100);
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: v }));
  };
  const csv = `${AUDIT_URL}/export${q ? `?${q}` : ''}`;

  return (
    <Stack maw={1200}>
      <Title order={1}>Audit log</Title>
      <Text>Every change to the district&apos;s records and every staff read of student records, with who and when. The log is append-only and hash-chained.</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
        aria-label="Filter the audit log"
      >
        <Group align="flex-end">
          <TextInput label="Action" description="e.g. consent.record, or consent." value={draft.action} onChange={set('action')} />
          <TextInput label="Record type" description="e.g. consent, student" value={draft.entity} onChange={set('entity')} />
          <TextInput label="Who" description="a user id, or system:job" value={draft.actor} onChange={set('actor')} />
          <TextInput type="date" label="From" value={draft.from} onChange={set('from')} />
          <TextInput type="date" label="To" value={draft.to} onChange={set('to')} />
          <Button type="submit">Filter</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      <Group>
        <Anchor href={csv} download data-testid="audit-csv">
          Download these entries as CSV
        </Anchor>
      </Group>
      {list.error && <Alert variant="outline" color="red.9" role="alert">{list.error}</Alert>}
      <div id="audit-results" aria-busy={list.loading}>
        {!list.loading && list.items.length === 0 && <Text>No entries match.</Text>}
        {list.items.length > 0 && (
          <Table.ScrollContainer minWidth={800}>
            <Table striped withTableBorder>
              <Table.Caption>Audit entries, newest first</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">#</Table.Th>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Who</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Record</Table.Th>
                  <Table.Th scope="col">Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((a) => (
                  <Table.Tr key={a.seq} data-testid="audit-entry">
                    <Table.Td>{a.seq}</Table.Td>
                    <Table.Td>
                      <time dateTime={a.at}>{formatDateTime(a.at)}</time>
                    </Table.Td>
                    <Table.Td>{a.actor}</Table.Td>
                    <Table.Td>{a.action}</Table.Td>
                    <Table.Td>
                      {a.entity} {a.entityId}
                    </Table.Td>
                    <Table.Td>{Object.keys(a.details).length === 0 ? '' : <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(a.details)}</Code>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
      {list.hasMore && (
        <Group>
          <Button variant="default" onClick={list.loadMore}>
            Load more entries
          </Button>
        </Group>
      )}
    </Stack>
  );
}
