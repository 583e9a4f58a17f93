// Check a post: text checked as you type, photos with who is in them, findings beside the text with one-click remedies.
// Latency: a keystroke re-renders only the text box (the settings, photos and findings are memoised and get stable
// callbacks); 25 ms after the last change the post is sent, and a newer change aborts the older request, so only the
// newest answer is shown. The verdict's data-elapsed-ms is the time from that last input event to the first frame
// painted with its answer (measured in the page; the browser test prints it).
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api, ApiError, SESSION_RESTORED } from '../../lib/api';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { uploadWithProgress } from '../../lib/upload';
import { Highlighted } from './Highlighted';
import { Photos, postImage, type Photo, type PhotoFacts } from './Photos';
import { consentAskFor, consentAskLabel, remedyFor, type ConsentAskTarget } from './remedies';
import type { CheckResponse, Finding, Post, PostImage } from './types';

const NETWORKS = ['facebook', 'instagram', 'x', 'tiktok', 'youtube', 'linkedin', 'snapchat', 'flickr', 'blog', 'mastodon', 'bluesky', 'schoology', 'seesaw'];
const DRAFT_KEY = 'clearpost.check.draft';
const VERDICT_TEXT = { allow: 'Allowed', revise: 'Revise before posting', block: 'Do not post' } as const;
// White on Mantine's green.9 (#2b8a3e) is 4.37:1, below WCAG AA; #237032 is 6.1:1.
const VERDICT_COLOR = { allow: '#237032', revise: 'yellow.9', block: 'red.9' } as const;


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
const NO_FINDINGS: Finding[] = [];

/** An answer with the text it was computed for (marks are placed in that text) and when its last input happened. */
interface Answer {
  result: CheckResponse & { id?: string };
  text: string;
  inputAt: number;
}

/** The server's answer to a consent ask (POST /api/v1/consent-asks). */
interface ConsentAsk {
  kind: 'student' | 'coworker';
  subject: { id: string; name: string };
  asked: string[];
  alreadyAsked: string[];
  noEmail: string[];
}

/** One ask's state, by subject id: running, answered, or refused with the API's message. */
type AskState = { busy: true } | { busy: false; result: ConsentAsk } | { busy: false; error: string };

export function CheckPage({ people }: { people: Array<{ value: string; label: string }> }) {
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [asks, setAsks] = useState<Record<string, AskState>>({});
  // Bumped by "Check again" (after a consent was given elsewhere): the same post is checked anew.
  const [recheck, setRecheck] = useState(0);
  const lastInput = useRef(0);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  useEffect(() => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  }, [draft]);

  // What the check sends of the photos (not their upload progress): a new check only when that changes.
  const imagesKey = JSON.stringify(photos.map(postImage));
  const images = useMemo(() => JSON.parse(imagesKey) as PostImage[], [imagesKey]);

  useEffect(() => {
    if (draft.text.trim() === '' && images.length === 0) {
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
        images,
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
  }, [draft, images, recheck]);

  /** A change to the draft; `at` is the input event's time (performance.now() scale) when there is one. */
  const set = useCallback(<K extends keyof Draft>(k: K, v: Draft[K], at?: number) => {
    lastInput.current = at ?? performance.now();
    setDraft((d) => ({ ...d, [k]: v }));
  }, []);

  /** Upload one photo once: the server reads it and answers its facts, which then go with every text check. */
  const readPhoto = useCallback((photo: Photo) => {
    const d = draftRef.current;
    const form = new FormData();
    const post: Post = { text: d.text, network: d.network, account: { kind: d.accountKind }, purpose: d.purpose, images: [postImage(photo)] };
    form.set('request', JSON.stringify({ post }));
    form.set('images[0]', photo.file, photo.file.name);
    const patch = (p: Partial<Photo>) => setPhotos((ps) => ps.map((x) => (x.id === photo.id ? { ...x, ...p } : x)));
    uploadWithProgress<{ images?: PhotoFacts[] }>('/api/v1/checks', form, (u) => patch({ progress: u.percent ?? 0 }))
      .then((r) => {
        lastInput.current = performance.now();
        patch({ facts: r.images?.[0] ?? { index: 0, width: 0, height: 0, faces: [] }, progress: null, problem: null });
      })
      .catch((e: unknown) => patch({ progress: null, problem: e instanceof ApiError ? (e.problem.detail ?? e.problem.title).replace(/^images\[0\]: /, '') : String(e) }));
  }, []);

  const addFiles = useCallback(
    (files: FileList | null) => {
      if (!files) return;
      lastInput.current = performance.now();
      const added: Photo[] = Array.from(files)
        .filter((f) => f.type.startsWith('image/'))
        .map((f) => ({ id: `${Date.now()}-${Math.random().toString(36).slice(2)}`, name: f.name, url: URL.createObjectURL(f), file: f, description: '', setting: null, depicts: [], facts: null, progress: 0, problem: null }));
      setPhotos((ps) => [...ps, ...added]);
      added.forEach(readPhoto);
    },
    [readPhoto],
  );

  const applyRemedy = useCallback(
    (f: Finding) => {
      const r = remedyFor(f);
      if (r) set('text', r.apply(draftRef.current.text));
    },
    [set],
  );

  const names = useMemo(() => new Map(people.map((p) => [p.value, p.label.replace(/ \((student|employee|guardian)\)$/, '')])), [people]);
  const askConsent = useCallback((t: ConsentAskTarget) => {
    setAsks((a) => ({ ...a, [t.subjectId]: { busy: true } }));
    api<ConsentAsk>('/api/v1/consent-asks', { body: { subjectId: t.subjectId } })
      .then((result) => setAsks((a) => ({ ...a, [t.subjectId]: { busy: false, result } })))
      .catch((e: unknown) => setAsks((a) => ({ ...a, [t.subjectId]: { busy: false, error: e instanceof ApiError ? e.message.replace(/^subjectId: /, '') : String(e) } })));
  }, []);
  const checkAgain = useCallback(() => {
    lastInput.current = performance.now();
    setRecheck((n) => n + 1);
  }, []);
  // Signed in again after the session ended: check the draft that was kept.
  useEffect(() => {
    window.addEventListener(SESSION_RESTORED, checkAgain);
    return () => window.removeEventListener(SESSION_RESTORED, checkAgain);
  }, [checkAgain]);

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
          <Photos photos={photos} people={people} findings={answer?.result.findings ?? NO_FINDINGS} setPhotos={setPhotos} addFiles={addFiles} />
        </Stack>
        <FindingsPanel answer={answer} error={error && !error.field ? error : null} onRemedy={applyRemedy} names={names} asks={asks} onAsk={askConsent} onCheckAgain={checkAgain} />
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

/** The verdict, the checked text with its marks, and the findings: re-rendered only when a new answer arrives. */
interface PanelProps {
  answer: Answer | null;
  error: ApiError | null;
  onRemedy: (f: Finding) => void;
  /** Roster names by person id, for the consent-ask buttons. */
  names: ReadonlyMap<string, string>;
  asks: Record<string, AskState>;
  onAsk: (t: ConsentAskTarget) => void;
  onCheckAgain: () => void;
}

const FindingsPanel = memo(function FindingsPanel({ answer, error, onRemedy, names, asks, onAsk, onCheckAgain }: PanelProps) {
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
        <ErrorAlert title="The check could not run">{error.message}</ErrorAlert>
      )}
      {result && answer ? (
        <>
          <Card withBorder padding="md" data-testid="verdict" data-verdict={result.verdict} ref={verdictRef}>
            <Group>
              <Badge size="xl" color={VERDICT_COLOR[result.verdict]} radius="sm" autoContrast>
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
            const ask = consentAskFor(f);
            const asked = ask ? asks[ask.subjectId] : undefined;
            return (
              <Card key={`${f.rule}-${i}`} withBorder padding="sm" id={`finding-${i}`} data-rule={f.rule}>
                <Group justify="space-between">
                  <Text fw={700}>
                    {f.clause} · {f.rule}
                  </Text>
                  <Badge color={f.undecided ? 'gray.8' : VERDICT_COLOR[f.severity === 'advisory' ? 'allow' : f.severity]} autoContrast>{f.undecided ? 'undecided' : f.severity}</Badge>
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
                  {ask && (!asked || 'error' in asked) && (
                    <Button size="xs" onClick={() => onAsk(ask)}>
                      {consentAskLabel(ask, names.get(ask.subjectId))}
                    </Button>
                  )}
                  {ask && asked?.busy && (
                    <Button size="xs" loading>
                      {consentAskLabel(ask, names.get(ask.subjectId))}
                    </Button>
                  )}
                  <Button size="xs" variant="default" aria-expanded={openClause === i} onClick={() => setOpenClause(openClause === i ? null : i)}>
                    {openClause === i ? 'Hide' : 'Show'} policy {f.clause}
                  </Button>
                </Group>
                {asked && !asked.busy && <AskResult state={asked} onCheckAgain={onCheckAgain} />}
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

/** What a consent ask did, in words, with "Check again" for when the consent has been given. */
function AskResult({ state, onCheckAgain }: { state: Exclude<AskState, { busy: true }>; onCheckAgain: () => void }) {
  if ('error' in state) {
    return (
      <ErrorAlert mt="xs" title="The request could not be sent">
        {state.error}
      </ErrorAlert>
    );
  }
  const r = state.result;
  const list = (names: string[]) => names.join(' and ');
  const lines: string[] = [];
  if (r.kind === 'student') {
    if (r.asked.length > 0) lines.push(`A consent form to sign online was e-mailed to ${list(r.asked)}, ${r.subject.name}'s guardian${r.asked.length === 1 ? '' : 's'}.`);
    if (r.alreadyAsked.length > 0) lines.push(`You already asked ${list(r.alreadyAsked)} today; nothing was sent again.`);
    if (r.noEmail.length > 0) lines.push(`No e-mail address is on file for ${list(r.noEmail)}: the school office can send the paper form.`);
    if (r.asked.length + r.alreadyAsked.length === 0 && r.noEmail.length === 0) lines.push(`No guardian of ${r.subject.name} could be reached.`);
    lines.push('The photo can be posted once a guardian has signed.');
  } else {
    lines.push(r.asked.length > 0 ? `${r.subject.name} got a notice asking for consent to you.` : `You already asked ${r.subject.name} today; nothing was sent again.`);
    lines.push('The photo can be posted once they have given it.');
  }
  return (
    <Alert color="green.9" mt="xs" role="status" data-testid="consent-ask-result">
      <Stack gap={4}>
        {lines.map((l) => (
          <div key={l}>{l}</div>
        ))}
        <Group>
          <Button size="xs" variant="default" onClick={onCheckAgain}>
            Check again
          </Button>
        </Group>
      </Stack>
    </Alert>
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
