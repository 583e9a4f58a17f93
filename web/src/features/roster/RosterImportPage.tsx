// Roster import for HR and admins: upload a OneRoster package (zip), watch the upload progress, read the result report.
import { useState } from 'react';
import { Alert, Button, Card, Group, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/paging';
import { uploadWithProgress } from '../../lib/upload';
import type { RosterImportReport } from '../../../../src/contracts/summaries.js';

export const ROSTER_IMPORT_URL = '/api/v1/roster-imports';

/** The import report, typed by the shared contract (types only). */
export type ImportResult = RosterImportReport;
type Tally = RosterImportReport['people'];

const MAX_PROBLEMS = 200;

export function RosterImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'importing' | 'done'>('idle');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (e: React.FormEvent) => {
    e.preventDefault();
    if (file === null) {
      setError('Choose the OneRoster package (a .zip of CSV files) first.');
      return;
    }
    const form = new FormData();
    form.set('roster', file, file.name);
    setError(null);
    setResult(null);
    setProgress(0);
    setPhase('uploading');
    try {
      const r = await uploadWithProgress<ImportResult>(ROSTER_IMPORT_URL, form, (p) => {
        setProgress(p.percent ?? 0);
        // Every byte sent: the server is now reading and importing.
        if (p.percent === 100) setPhase('importing');
      });
      setResult(r);
      setPhase('done');
    } catch (err) {
      setPhase('idle');
      setProgress(null);
      setError(err instanceof ApiError ? errorText(err) : String(err));
    }
  };

  return (
    <Stack maw={900}>
      <Title order={1}>Roster import</Title>
      <Text>Upload the district&apos;s OneRoster 1.1 or 1.2 export (a .zip with orgs.csv, users.csv and the rest). People are matched by sourcedId: an import can be run again safely, and people missing from a bulk export are deactivated, never deleted.</Text>
      {error && <Alert variant="outline" color="red.9" role="alert">{error}</Alert>}
      <form onSubmit={upload} noValidate>
        <Stack gap="sm">
          <div>
            <label className="cp-file-label">
              <input type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} data-testid="roster-input" />
              <span>Choose the OneRoster package</span>
            </label>
            <Text size="sm" mt={4}>
              {file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : 'No file chosen.'}
            </Text>
          </div>
          {progress !== null && (
            <Stack gap={4}>
              <Progress value={progress} size="lg" aria-label="Upload of the roster package" data-testid="roster-progress" />
              <Text size="sm" role="status">
                {phase === 'uploading' ? `Uploading: ${progress}%` : phase === 'importing' ? 'Uploaded; importing…' : phase === 'done' ? 'Import finished.' : ''}
              </Text>
            </Stack>
          )}
          <Group>
            <Button type="submit" loading={phase === 'uploading' || phase === 'importing'}>
              Import the roster
            </Button>
          </Group>
        </Stack>
      </form>
      {result && <ImportReport result={result} />}
    </Stack>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const groups: Array<[string, Tally]> = [
    ['Buildings', result.buildings],
    ['People', result.people],
    ['Guardian links', result.links],
  ];
  return (
    <Card withBorder padding="md" data-testid="import-report">
      <Stack gap="sm">
        <Title order={2} size="h3">
          Result
        </Title>
        <Text>
          OneRoster {result.version}, {result.mode} import, {Object.values(result.rows).reduce((a, b) => a + b, 0)} rows read in {(result.ms / 1000).toFixed(1)} s. {result.problems.length === 0 ? 'No problems.' : `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}.`}
        </Text>
        <Table withTableBorder striped>
          <Table.Caption>What the import changed</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Records</Table.Th>
              <Table.Th scope="col">Added</Table.Th>
              <Table.Th scope="col">Updated</Table.Th>
              <Table.Th scope="col">Unchanged</Table.Th>
              <Table.Th scope="col">Deactivated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map(([name, t]) => (
              <Table.Tr key={name}>
                <Table.Th scope="row">{name}</Table.Th>
                <Table.Td>{t.added}</Table.Td>
                <Table.Td>{t.updated}</Table.Td>
                <Table.Td>{t.unchanged}</Table.Td>
                <Table.Td>{t.deactivated}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {result.problems.length > 0 && (
          <>
            <Title order={3} size="h4">
              Problems by file and line
            </Title>
            <List size="sm" data-testid="import-problems">
              {result.problems.slice(0, MAX_PROBLEMS).map((p, i) => (
                <List.Item key={i}>
                  {p.file}
                  {p.line > 0 ? `:${p.line}` : ''}: {p.message}
                </List.Item>
              ))}
            </List>
            {result.problems.length > MAX_PROBLEMS && <Text size="sm">…and {result.problems.length - MAX_PROBLEMS} more.</Text>}
          </>
        )}
      </Stack>
    </Card>
  );
}
