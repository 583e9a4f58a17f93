// Student consents for staff: search students by name, building and grade; each one's consent status at a glance;
// record a paper consent with its scan, send an e-consent link to the guardians, revoke; coverage per building and grade.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { api } from '../../lib/api';
import { errorText, usePaged } from '../../lib/paging';
import { CoverageChart, gradeLabel, type Coverage } from './CoverageChart';
import { StudentConsents, statusOf, type ConsentRecord } from './StudentConsents';
import { CONSENTS_URL } from './api';

interface Student {
  id: string;
  name: string;
  kind: string;
  grade?: string | null;
  buildingId?: string | null;
}

function StatusBadge({ status, label }: { status: 'active' | 'none' | 'revoked' | 'expired'; label: string }) {
  const text = status === 'active' ? 'consent on file' : status === 'revoked' ? 'revoked' : status === 'expired' ? 'expired' : 'no consent';
  return (
    <Badge color={status === 'active' ? 'teal.9' : status === 'none' ? 'gray.8' : 'red.9'} variant={status === 'none' ? 'outline' : 'filled'} tt="none" data-status={status}>
      {label}: {text}
    </Badge>
  );
}

export function ConsentsPage() {
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [grade, setGrade] = useState<string | null>(null);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [coverageError, setCoverageError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Student | null>(null);
  const [consents, setConsents] = useState<ConsentRecord[]>([]);

  const loadCoverage = useCallback(() => {
    api<Coverage>('/api/v1/consent-coverage')
      .then((c) => {
        setCoverage(c);
        setCoverageError(null);
      })
      .catch((e: unknown) => setCoverageError(errorText(e)));
  }, []);
  useEffect(loadCoverage, [loadCoverage]);

  // Debounce the name so each keystroke does not search (and log a read of students).
  useEffect(() => {
    const t = window.setTimeout(() => setQuery(name.trim()), 300);
    return () => window.clearTimeout(t);
  }, [name]);

  const params = new URLSearchParams({ kind: 'student' });
  if (query) params.set('query', query);
  if (buildingId) params.set('buildingId', buildingId);
  if (grade) params.set('grade', grade);
  const students = usePaged<Student>(`/api/v1/people?${params.toString()}`, 25);

  // The consents of the students on screen, for their status at a glance (one request per student: the list filters by one student).
  const ids = students.items.map((s) => s.id).join(',');
  const loadConsents = useCallback(() => {
    if (ids === '') {
      setConsents([]);
      return;
    }
    Promise.all(ids.split(',').map((id) => api<{ items: ConsentRecord[] }>(`${CONSENTS_URL}?studentId=${encodeURIComponent(id)}&limit=200`).then((r) => r.items)))
      .then((lists) => setConsents(lists.flat()))
      .catch(() => setConsents([]));
  }, [ids]);
  useEffect(loadConsents, [loadConsents]);

  const [buildings, setBuildings] = useState<Array<{ value: string; label: string }>>([]);
  useEffect(() => {
    api<{ items: Array<{ id: string; name: string; active: boolean }> }>('/api/v1/buildings?limit=200')
      .then((r) => setBuildings(r.items.filter((b) => b.active).map((b) => ({ value: b.id, label: b.name }))))
      .catch(() => setBuildings([]));
  }, []);
  const grades = useMemo(() => {
    const g = new Set<string>();
    for (const i of coverage?.items ?? []) if (i.grade !== null && (buildingId === null || i.buildingId === buildingId)) g.add(i.grade);
    return [...g].sort((a, b) => (Number(a) || 0) - (Number(b) || 0)).map((value) => ({ value, label: gradeLabel(value) }));
  }, [coverage, buildingId]);
  const buildingName = (id: string | null | undefined) => buildings.find((b) => b.value === id)?.label ?? '';

  const changed = () => {
    loadConsents();
    loadCoverage();
  };

  return (
    <Stack maw={1100}>
      <Title order={1}>Consents</Title>
      <Text>Written parental consent for students&apos; images and social-network participation (Policy 471 IV.A.2). Find a student to see, record or revoke their consents, or to send the guardians a link to sign.</Text>
      <form role="search" aria-label="Students" onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-end" grow>
          <TextInput label="Student name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Part of the name" />
          <Select label="Building" data={buildings} value={buildingId} onChange={(v) => { setBuildingId(v); setGrade(null); }} clearable placeholder="All buildings" />
          <Select label="Grade" data={grades} value={grade} onChange={setGrade} clearable placeholder="All grades" />
        </Group>
      </form>
      {students.error && <Alert variant="outline" color="red.9" role="alert">{students.error}</Alert>}
      {!students.loading && students.items.length === 0 && <Text>No students match.</Text>}
      {students.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder>
            <Table.Caption>Students and their consent status today</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Student</Table.Th>
                <Table.Th scope="col">Building</Table.Th>
                <Table.Th scope="col">Grade</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {students.items.map((s) => {
                const mine = consents.filter((c) => c.subjectId === s.id);
                return (
                  <Table.Tr key={s.id} data-testid="student-row">
                    <Table.Th scope="row">{s.name}</Table.Th>
                    <Table.Td>{buildingName(s.buildingId)}</Table.Td>
                    <Table.Td>{s.grade ? gradeLabel(s.grade) : ''}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <StatusBadge status={statusOf(mine, 'student-image')} label="Image" />
                        <StatusBadge status={statusOf(mine, 'social-network-participation')} label="Networks" />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant={selected?.id === s.id ? 'filled' : 'default'} aria-expanded={selected?.id === s.id} aria-controls="student-consents" onClick={() => setSelected(selected?.id === s.id ? null : s)}>
                        Consents<VisuallyHidden> for {s.name}</VisuallyHidden>
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {students.hasMore && (
        <Group>
          <Button variant="default" onClick={students.loadMore}>
            More students
          </Button>
        </Group>
      )}
      <div id="student-consents">{selected && <StudentConsents student={selected} consents={consents.filter((c) => c.subjectId === selected.id)} onChanged={changed} />}</div>
      {coverageError && <Alert variant="outline" color="red.9" role="alert">{coverageError}</Alert>}
      {coverage && <CoverageChart coverage={coverage} buildingId={buildingId} buildingName={buildingName(buildingId)} />}
    </Stack>
  );
}
