// Check a post: text checked as you type, photos with who is in them, findings beside the text with one-click remedies.
// Latency: a keystroke re-renders only the text box (the settings, photos and findings are memoised and get stable
// callbacks); 25 ms after the last change the post is sent, and a newer change aborts the older request, so only the
// newest answer is shown. The verdict's data-elapsed-ms is the time from that last input event to the first frame
// painted with its answer (measured in the page; the browser test prints it).
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
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

const DEBOUNCE_MS = 25;

/** An answer with the text it was computed for (marks are placed in that text) and when its last input happened. */
interface Answer {
  result: CheckResponse & { id?: string };
  text: string;
  inputAt: number;
}

export function CheckPage({ people }: { people: Array<{ value: string; label: string }> }) {
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const lastInput = useRef(0);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  useEffect(() => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  }, [draft]);

  useEffect(() => {
    if (draft.text.trim() === '' && photos.length === 0) {
      setAnswer(null);
      return;
    }
    const ctrl = new AbortController();
    const inputAt = lastInput.current;
    const timer = setTimeout(() => {
      const post: Post = {
        text: draft.text,
        network: draft.network,
        account: { kind: draft.accountKind },
        purpose: draft.purpose,
        postedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        images: photos.map((p) => ({ description: p.description || p.name, depicts: p.depicts, ...(p.setting ? { setting: p.setting as 'other' } : {}) })),
        group: draft.groupName ? { name: draft.groupName, network: draft.network, ...(draft.groupCreatedBy ? { createdBy: draft.groupCreatedBy as 'students' } : {}) } : null,
      };
      api<CheckResponse & { id?: string }>('/api/v1/checks', { body: { post }, signal: ctrl.signal })
        .then((result) => {
          setAnswer({ result, text: draft.text, inputAt });
          setError(null);
        })
        .catch((e: unknown) => {
          if (e instanceof ApiError) setError(e);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [draft, photos]);

  /** A change to the draft; `at` is the input event's time (performance.now() scale) when there is one. */
  const set = useCallback(<K extends keyof Draft>(k: K, v: Draft[K], at?: number) => {
    lastInput.current = at ?? performance.now();
    setDraft((d) => ({ ...d, [k]: v }));
  }, []);

  const addFiles = useCallback((files: FileList | null) => {
    if (!files) return;
    lastInput.current = performance.now();
    setPhotos((ps) => [...ps, ...Array.from(files).filter((f) => f.type.startsWith('image/')).map((f) => ({ name: f.name, url: URL.createObjectURL(f), description: '', setting: null, depicts: [] }))]);
  }, []);

  const applyRemedy = useCallback(
    (f: Finding) => {
      const r = remedyFor(f);
      if (r) set('text', r.apply(draftRef.current.text));
    },
    [set],
  );

  const textError = error?.field?.endsWith('text') ? error.message : undefined;
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
            onChange={(e) => set('text', e.currentTarget.value, e.nativeEvent.timeStamp)}
            error={textError}
            data-testid="post-text"
          />
          <PostSettings network={draft.network} accountKind={draft.accountKind} purpose={draft.purpose} groupName={draft.groupName} groupCreatedBy={draft.groupCreatedBy} set={set} />
          <Photos photos={photos} people={people} setPhotos={setPhotos} addFiles={addFiles} />
        </Stack>
        <FindingsPanel answer={answer} error={error && !error.field ? error : null} onRemedy={applyRemedy} />
      </SimpleGrid>
    </Stack>
  );
}

type SetDraft = <K extends keyof Draft>(k: K, v: Draft[K], at?: number) => void;

const PostSettings = memo(function PostSettings({ network, accountKind, purpose, groupName, groupCreatedBy, set }: Omit<Draft, 'text'> & { set: SetDraft }) {
  return (
    <>
      <Group grow>
        <Select label="Network" data={NETWORKS} value={network} onChange={(v) => set('network', v ?? 'facebook')} allowDeselect={false} />
        <Select
          label="Account"
          data={[
            { value: 'personal', label: 'My personal account' },
            { value: 'district', label: 'A district account' },
          ]}
          value={accountKind}
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
          value={purpose}
          onChange={(v) => set('purpose', (v ?? 'personal') as Draft['purpose'])}
          allowDeselect={false}
        />
      </Group>
      <Group grow>
        <TextInput label="Group (optional)" description="Posting inside a group or page?" value={groupName} onChange={(e) => set('groupName', e.currentTarget.value, e.nativeEvent.timeStamp)} />
        <Select
          label="Group created by"
          data={[
            { value: 'students', label: 'Students' },
            { value: 'public', label: 'Parents or the public' },
            { value: 'district', label: 'The district' },
          ]}
          value={groupCreatedBy}
          onChange={(v) => set('groupCreatedBy', v)}
          clearable
        />
      </Group>
    </>
  );
});

const Photos = memo(function Photos({ photos, people, setPhotos, addFiles }: { photos: Photo[]; people: Array<{ value: string; label: string }>; setPhotos: React.Dispatch<React.SetStateAction<Photo[]>>; addFiles: (f: FileList | null) => void }) {
  return (
    <>
      <div
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
    </>
  );
});

/** The verdict, the checked text with its marks, and the findings: re-rendered only when a new answer arrives. */
const FindingsPanel = memo(function FindingsPanel({ answer, error, onRemedy }: { answer: Answer | null; error: ApiError | null; onRemedy: (f: Finding) => void }) {
  const [openClause, setOpenClause] = useState<number | null>(null);
  const verdictRef = useRef<HTMLDivElement>(null);
  // Time to the first frame painted with this answer: cleared in the commit that shows it, set after that frame.
  useLayoutEffect(() => {
    const el = verdictRef.current;
    if (el === null || answer === null) return;
    el.removeAttribute('data-elapsed-ms');
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => el.setAttribute('data-elapsed-ms', String(Math.round(performance.now() - answer.inputAt))), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [answer]);
  const result = answer?.result;
  return (
    <Stack aria-live="polite" data-testid="result">
      {error && (
        <Alert color="red.9" title="The check could not run">
          {error.message}
        </Alert>
      )}
      {result && answer ? (
        <>
          <Card withBorder padding="md" data-testid="verdict" data-verdict={result.verdict} ref={verdictRef}>
            <Group>
              <Badge size="xl" color={VERDICT_COLOR[result.verdict]} radius="sm">
                {VERDICT_TEXT[result.verdict]}
              </Badge>
            </Group>
            <Text mt="sm">{reason(result)}</Text>
          </Card>
          {answer.text && <Highlighted text={answer.text} findings={result.findings} />}
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
                    <Button size="xs" onClick={() => onRemedy(f)}>
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
  );
});

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
