// Check a post: text checked as you type, photos with who is in them, findings beside the text with one-click remedies.
import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { Highlighted } from './Highlighted';
import { remedyFor } from './remedies';
import type { CheckResponse, Finding, Post } from './types';

const NETWORKS = ['facebook', 'instagram', 'x', 'tiktok', 'youtube', 'linkedin', 'snapchat', 'flickr', 'blog', 'mastodon', 'bluesky', 'schoology', 'seesaw'];
const SETTINGS = [
  { value: 'public-event', label: 'Public event (game, concert)' },
  { value: 'classroom', label: 'Classroom' },
  { value: 'school-building', label: 'School building' },
  { value: 'restricted-area', label: 'Staff-only or restricted area' },
  { value: 'floor-plan', label: 'Floor plan or map' },
  { value: 'off-site', label: 'Off site' },
  { value: 'other', label: 'Other' },
];
const DRAFT_KEY = 'clearpost.check.draft';
const VERDICT_TEXT = { allow: 'Allowed', revise: 'Revise before posting', block: 'Do not post' } as const;
const VERDICT_COLOR = { allow: 'green.9', revise: 'yellow.9', block: 'red.9' } as const;

interface Photo {
  name: string;
  url: string;
  description: string;
  setting: string | null;
  depicts: string[];
}

interface Draft {
  text: string;
  network: string;
  accountKind: 'personal' | 'district';
  purpose: 'personal' | 'instruction' | 'school-activity';
  groupName: string;
  groupCreatedBy: string | null;
}

const EMPTY: Draft = { text: '', network: 'facebook', accountKind: 'personal', purpose: 'personal', groupName: '', groupCreatedBy: null };

function loadDraft(): Draft {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<Draft>) } : EMPTY;
  } catch {
    return EMPTY;
  }
}

function reason(res: CheckResponse): string {
  const top = res.findings.find((f) => !f.undecided);
  if (res.verdict === 'allow') return res.allowedBy?.length ? `Nothing in this post breaks the policy (it relies on ${res.allowedBy.join(', ')}).` : 'Nothing in this post breaks the policy.';
  return top ? top.message : 'See the findings below.';
}

export function CheckPage({ people }: { people: Array<{ value: string; label: string }> }) {
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [result, setResult] = useState<CheckResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [openClause, setOpenClause] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState<number | null>(null);
  const lastKey = useRef(0);
  const dropRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  }, [draft]);

  useEffect(() => {
    if (draft.text.trim() === '' && photos.length === 0) {
      setResult(null);
      return;
    }
    const ctrl = new AbortController();
    const post: Post = {
      text: draft.text,
      network: draft.network,
      account: { kind: draft.accountKind },
      purpose: draft.purpose,
      postedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      images: photos.map((p) => ({ description: p.description || p.name, depicts: p.depicts, ...(p.setting ? { setting: p.setting as 'other' } : {}) })),
      group: draft.groupName ? { name: draft.groupName, network: draft.network, ...(draft.groupCreatedBy ? { createdBy: draft.groupCreatedBy as 'students' } : {}) } : null,
    };
    const timer = setTimeout(() => {
      api<CheckResponse>('/api/v1/checks', { body: { post }, signal: ctrl.signal })
        .then((r) => {
          setResult(r);
          setError(null);
          setElapsed(Math.round(performance.now() - lastKey.current));
        })
        .catch((e: unknown) => {
          if (e instanceof ApiError) setError(e);
        });
    }, 60);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [draft, photos]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    lastKey.current = performance.now();
    setDraft((d) => ({ ...d, [k]: v }));
  };

  const addFiles = (files: FileList | null) => {
    if (!files) return;
    lastKey.current = performance.now();
    setPhotos((ps) => [...ps, ...Array.from(files).filter((f) => f.type.startsWith('image/')).map((f) => ({ name: f.name, url: URL.createObjectURL(f), description: '', setting: null, depicts: [] }))]);
  };

  const applyRemedy = (f: Finding) => {
    const r = remedyFor(f);
    if (r) set('text', r.apply(draft.text));
  };

  return (
    <Stack gap="lg">
      <Title order={1}>Check a post</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack>
          <Textarea
            label="Your post"
            description="Checked as you type. Your draft is kept on this device until you clear it."
            autosize
            minRows={5}
            value={draft.text}
            onChange={(e) => set('text', e.currentTarget.value)}
            error={error?.field?.endsWith('text') ? error.message : undefined}
            data-testid="post-text"
          />
          <Group grow>
            <Select label="Network" data={NETWORKS} value={draft.network} onChange={(v) => set('network', v ?? 'facebook')} allowDeselect={false} />
            <Select
              label="Account"
              data={[
                { value: 'personal', label: 'My personal account' },
                { value: 'district', label: 'A district account' },
              ]}
              value={draft.accountKind}
              onChange={(v) => set('accountKind', (v ?? 'personal') as Draft['accountKind'])}
              allowDeselect={false}
            />
            <Select
              label="Purpose"
              data={[
                { value: 'personal', label: 'Personal' },
                { value: 'instruction', label: 'Classroom instruction' },
                { value: 'school-activity', label: 'School activity' },
              ]}
              value={draft.purpose}
              onChange={(v) => set('purpose', (v ?? 'personal') as Draft['purpose'])}
              allowDeselect={false}
            />
          </Group>
          <Group grow>
            <TextInput label="Group (optional)" description="Posting inside a group or page?" value={draft.groupName} onChange={(e) => set('groupName', e.currentTarget.value)} />
            <Select
              label="Group created by"
              data={[
                { value: 'students', label: 'Students' },
                { value: 'public', label: 'Parents or the public' },
                { value: 'district', label: 'The district' },
              ]}
              value={draft.groupCreatedBy}
              onChange={(v) => set('groupCreatedBy', v)}
              clearable
            />
          </Group>
          <div
            ref={dropRef}
            className="cp-drop"
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              addFiles(e.dataTransfer.files);
            }}
          >
            <Text size="sm">Drop photos here, or</Text>
            <label className="cp-file-label">
              <input type="file" accept="image/*" capture="environment" multiple onChange={(e) => addFiles(e.currentTarget.files)} data-testid="photo-input" />
              <span>Add photos</span>
            </label>
          </div>
          {photos.map((p, i) => (
            <Card key={p.url} withBorder padding="sm">
              <Group align="flex-start" wrap="nowrap">
                <img src={p.url} alt={`Photo ${i + 1}: ${p.description || p.name}`} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} />
                <Stack gap="xs" style={{ flex: 1 }}>
                  <TextInput label={`Photo ${i + 1}: what it shows`} value={p.description} onChange={(e) => { const v = e.currentTarget.value; setPhotos((ps) => ps.map((x, j) => (j === i ? { ...x, description: v } : x))); }} />
                  <Select label="Where it was taken" data={SETTINGS} value={p.setting} clearable onChange={(v) => setPhotos((ps) => ps.map((x, j) => (j === i ? { ...x, setting: v } : x)))} />
                  <MultiSelect
                    label="Who is in it"
                    placeholder="Type a name"
                    searchable
                    data={people}
                    value={p.depicts}
                    onChange={(v) => setPhotos((ps) => ps.map((x, j) => (j === i ? { ...x, depicts: v } : x)))}
                  />
                  <Button variant="subtle" color="red.9" size="xs" onClick={() => setPhotos((ps) => ps.filter((_, j) => j !== i))}>
                    Remove photo {i + 1}
                  </Button>
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
        <Stack aria-live="polite" data-testid="result">
          {error && !error.field && (
            <Alert color="red.9" title="The check could not run">
              {error.message}
            </Alert>
          )}
          {result ? (
            <>
              <Card withBorder padding="md" data-testid="verdict" data-verdict={result.verdict} data-elapsed-ms={elapsed ?? ''}>
                <Group>
                  <Badge size="xl" color={VERDICT_COLOR[result.verdict]} radius="sm">
                    {VERDICT_TEXT[result.verdict]}
                  </Badge>
                </Group>
                <Text mt="sm">{reason(result)}</Text>
              </Card>
              {draft.text && <Highlighted text={draft.text} findings={result.findings} />}
              <Title order={2} size="h3">
                {result.findings.length === 0 ? 'No findings' : `Findings (${result.findings.length})`}
              </Title>
              {result.findings.map((f, i) => {
                const r = remedyFor(f);
                return (
                  <Card key={`${f.rule}-${i}`} withBorder padding="sm" id={`finding-${i}`} data-rule={f.rule}>
                    <Group justify="space-between">
                      <Text fw={700}>
                        {f.clause} · {f.rule}
                      </Text>
                      <Badge color={f.undecided ? 'gray.8' : VERDICT_COLOR[f.severity === 'advisory' ? 'allow' : f.severity]}>{f.undecided ? 'undecided' : f.severity}</Badge>
                    </Group>
                    <Text size="sm" mt={4}>
                      {f.message}
                    </Text>
                    {f.evidence && 'quote' in f.evidence && (
                      <Text size="sm" mt={4}>
                        Words: “{f.evidence.quote}”
                      </Text>
                    )}
                    {f.remedy && (
                      <Text size="sm" mt={4}>
                        How to fix: {f.remedy}
                      </Text>
                    )}
                    <Group mt="xs">
                      {r && (
                        <Button size="xs" onClick={() => applyRemedy(f)}>
                          {r.label}
                        </Button>
                      )}
                      <Button size="xs" variant="default" aria-expanded={openClause === i} onClick={() => setOpenClause(openClause === i ? null : i)}>
                        {openClause === i ? 'Hide' : 'Show'} policy {f.clause}
                      </Button>
                    </Group>
                    {openClause === i && <ClauseText clause={f.clause} />}
                  </Card>
                );
              })}
            </>
          ) : (
            <Text c="dimmed">Type a post to check it against Policy 471.</Text>
          )}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function ClauseText({ clause }: { clause: string }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const id = clause.split(',')[0]!.trim().replace('–', '-').split('-')[0]!;
    api<{ id: string; title: string; text: string }>(`/api/v1/policy/clauses/${encodeURIComponent(id)}`)
      .then((c) => setText(`${c.id} ${c.title}. ${c.text}`))
      .catch(() => setText('The clause text could not be loaded.'));
  }, [clause]);
  return (
    <blockquote className="cp-clause">
      <Text size="sm">{text ?? 'Loading…'}</Text>
    </blockquote>
  );
}
