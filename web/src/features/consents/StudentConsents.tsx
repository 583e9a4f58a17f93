// One student's consents: the list with revoke, a paper consent recorded with its scan (upload progress shown),
// and an e-consent link sent (or sent again) to the guardians; each consent's history on demand.
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { api, ApiError } from '../../lib/api';
import { useMe } from '../../lib/me';
import { errorText } from '../../lib/paging';
import { districtToday, schoolYearEndOf } from '../../lib/time';
import { uploadWithProgress } from '../../lib/upload';
import { CONSENTS_URL } from './api';
import { ConsentHistory } from './ConsentHistory';
import { RevokeConsent } from './RevokeConsent';

export interface ConsentRecord {
  id: string;
  type: 'student-image' | 'social-network-participation' | 'coworker-image';
  subjectId: string;
  written: boolean;
  scope: string[] | null;
  network: string | null;
  validFrom: string;
  validUntil: string | null;
  /** In force on the district's today, or not (the server decides). */
  status: 'current' | 'revoked' | 'expired' | 'upcoming';
  revokedAt: string | null;
  revokeReason: string | null;
  eSignature: { signerName: string; signedAt: string } | null;
  formSha256: string | null;
  version: number;
}

const TYPES = [
  { value: 'student-image', label: 'Student image' },
  { value: 'social-network-participation', label: 'Social-network participation' },
];
const SCOPES = [
  { value: 'district-accounts', label: 'District accounts' },
  { value: 'personal-accounts', label: "Employees' personal accounts" },
  { value: 'print', label: 'Print' },
  { value: 'internal', label: 'Internal use' },
];


/** The student's standing for one type today: a consent in force, revoked, expired, or none. */
export function statusOf(consents: readonly ConsentRecord[], type: ConsentRecord['type']): 'active' | 'none' | 'revoked' | 'expired' {
  const of = consents.filter((c) => c.type === type);
  if (of.some((c) => c.status === 'current')) return 'active';
  if (of.length === 0 || of.every((c) => c.status === 'upcoming')) return 'none';
  return of.some((c) => c.status === 'revoked') ? 'revoked' : 'expired';
}

const STATUS_TEXT: Record<ConsentRecord['status'], string> = { current: 'In force', revoked: 'Revoked', expired: 'Expired', upcoming: 'Not yet in force' };

export function StudentConsents({ student, consents, onChanged }: { student: { id: string; name: string }; consents: ConsentRecord[]; onChanged: () => void }) {
  const [type, setType] = useState<string>('student-image');
  const [scope, setScope] = useState<string[]>(['district-accounts']);
  const [network, setNetwork] = useState('');
  // The district's today: the server dates consents (and posts) in the district's time zone.
  const timeZone = useMe()?.district?.timezone;
  const [from, setFrom] = useState(() => districtToday(timeZone));
  const [until, setUntil] = useState(() => schoolYearEndOf(districtToday(timeZone)));
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [linkType, setLinkType] = useState<string>('student-image');
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [linkNetwork, setLinkNetwork] = useState('');

  const record = async (e: React.FormEvent) => {
    e.preventDefault();
    if (file === null) {
      setFormError(new ApiError({ title: 'Missing scan', status: 400, detail: 'Choose the scan of the signed paper form.', field: 'form' }));
      return;
    }
    const form = new FormData();
    form.set('type', type);
    form.set('studentId', student.id);
    form.set('validFrom', from);
    if (until) form.set('validUntil', until);
    if (type === 'student-image') for (const s of scope) form.append('scope', s);
    if (type === 'social-network-participation' && network) form.set('network', network);
    form.set('form', file, file.name);
    setProgress(0);
    try {
      await uploadWithProgress(CONSENTS_URL, form, (p) => setProgress(p.percent ?? 0));
      setProgress(100);
      setMessage(`Paper consent recorded for ${student.name}.`);
      setFormError(null);
      setFile(null);
      onChanged();
    } catch (err) {
      setProgress(null);
      setFormError(err instanceof ApiError ? err : new ApiError({ title: errorText(err), status: 0 }));
    }
  };
  const sendLink = async () => {
    try {
      const r = await api<{ url: string; expiresAt: string }>('/api/v1/e-consent-requests', { body: { studentId: student.id, type: linkType, ...(linkType === 'social-network-participation' ? { network: linkNetwork.trim() || undefined } : {}), validFrom: districtToday(timeZone), validUntil: schoolYearEndOf(districtToday(timeZone)) } });
      setLink({ url: new URL(r.url, window.location.origin).toString(), expiresAt: r.expiresAt });
      setLinkError(null);
    } catch (err) {
      setLinkError(errorText(err));
    }
  };
  // E-mail the link to each guardian with an address (the server sends it; the link is never shown here).
  const [emailed, setEmailed] = useState<string | null>(null);
  const emailLink = async () => {
    try {
      const r = await api<{ asked: string[]; alreadyAsked: string[]; noEmail: string[] }>('/api/v1/consent-asks', { body: { subjectId: student.id, type: linkType, ...(linkType === 'social-network-participation' ? { network: linkNetwork.trim() } : {}) } });
      const parts = [
        r.asked.length > 0 ? `A signing link was e-mailed to ${r.asked.join(' and ')}.` : '',
        r.alreadyAsked.length > 0 ? `${r.alreadyAsked.join(' and ')} already got one from you today; nothing was sent again.` : '',
        r.noEmail.length > 0 ? `No e-mail address is on file for ${r.noEmail.join(' and ')}: send the paper form.` : '',
      ];
      setEmailed(parts.filter(Boolean).join(' ') || 'No guardian could be reached by e-mail.');
      setLinkError(null);
    } catch (err) {
      setEmailed(null);
      setLinkError(errorText(err));
    }
  };
  const fieldError = (f: string) => (formError?.field === f ? formError.message : undefined);

  return (
    <Card withBorder padding="md" data-testid="student-consents">
      <Stack gap="sm">
        <Title order={2} size="h3">
          Consents for {student.name}
        </Title>
        {message && (
          <Alert color="green.9" role="status">
            {message}
          </Alert>
        )}
        {consents.length === 0 && <Text>No consents on file.</Text>}
        {consents.map((c) => (
          <Card key={c.id} withBorder padding="xs" data-testid="consent">
            <Group justify="space-between">
              <Text fw={700}>
                {TYPES.find((t) => t.value === c.type)?.label ?? c.type}
                {c.network ? ` on ${c.network}` : ''}
              </Text>
              <Badge color={c.status === 'current' ? 'teal.9' : c.status === 'upcoming' ? 'gray.8' : 'red.9'} tt="none">
                {STATUS_TEXT[c.status]}
              </Badge>
            </Group>
            <Text size="sm">
              {c.validFrom} to {c.validUntil ?? 'no end date'}
              {c.scope ? ` · ${c.scope.map((s) => SCOPES.find((x) => x.value === s)?.label ?? s).join(', ')}` : ''}
              {c.eSignature ? ` · e-signed by ${c.eSignature.signerName}` : ''}
            </Text>
            {c.formSha256 && (
              <Anchor href={`${CONSENTS_URL}/${encodeURIComponent(c.id)}/form`} size="sm" target="_blank" rel="noreferrer">
                Signed paper form (scan)
              </Anchor>
            )}
            {c.revokedAt && <Text size="sm">Revoked {c.revokedAt.slice(0, 10)}{c.revokeReason ? `: ${c.revokeReason}` : ''}</Text>}
            <ConsentHistory consentId={c.id} label={`${TYPES.find((t) => t.value === c.type)?.label ?? c.type} consent for ${student.name}`} />
            {!c.revokedAt && (
              <RevokeConsent
                consent={c}
                label={`the ${TYPES.find((t) => t.value === c.type)?.label.toLowerCase() ?? c.type} consent for ${student.name}`}
                onRevoked={() => {
                  setMessage('Consent revoked.');
                  onChanged();
                }}
              />
            )}
          </Card>
        ))}

        <form onSubmit={record} noValidate aria-labelledby="paper-consent">
          <Stack gap="xs">
            <Title order={3} size="h4" id="paper-consent">
              Record a paper consent
            </Title>
            {formError && !['scope', 'network', 'validFrom', 'validUntil', 'form'].includes(formError.field ?? '') && <ErrorAlert>{formError.message}</ErrorAlert>}
            <Select label="Consent for" data={TYPES} value={type} onChange={(v) => setType(v ?? 'student-image')} allowDeselect={false} />
            {type === 'student-image' ? (
              <Checkbox.Group label="Where the image may appear" value={scope} onChange={setScope} error={fieldError('scope')}>
                <Group mt={4}>
                  {SCOPES.map((s) => (
                    <Checkbox key={s.value} value={s.value} label={s.label} />
                  ))}
                </Group>
              </Checkbox.Group>
            ) : (
              <TextInput label="Network" description="e.g. seesaw" value={network} onChange={(e) => setNetwork(e.currentTarget.value)} error={fieldError('network')} />
            )}
            <Group grow>
              <TextInput type="date" label="Valid from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={fieldError('validFrom')} required />
              <TextInput type="date" label="Valid until" value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={fieldError('validUntil')} />
            </Group>
            <div>
              <label className="cp-file-label">
                <input type="file" accept="image/*,application/pdf" aria-describedby={fieldError('form') ? 'scan-error' : undefined} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} data-testid="scan-input" />
                <span>Choose the scan of the signed form</span>
              </label>
              <Text size="sm" mt={4}>
                {file ? `Scan: ${file.name} (${Math.ceil(file.size / 1024)} KB)` : 'No scan chosen (PDF or image).'}
              </Text>
              {fieldError('form') && (
                <Text size="sm" c="red.9" id="scan-error">
                  {fieldError('form')}
                </Text>
              )}
            </div>
            {progress !== null && <Progress value={progress} aria-label="Upload of the scan" size="lg" data-testid="scan-progress" />}
            <Group>
              <Button type="submit">Record the paper consent</Button>
            </Group>
          </Stack>
        </form>

        <Stack gap="xs">
          <Title order={3} size="h4">
            Send an e-consent link to the guardians
          </Title>
          <Group align="flex-end">
            <Select label="Link for" data={TYPES} value={linkType} onChange={(v) => setLinkType(v ?? 'student-image')} allowDeselect={false} />
            {linkType === 'social-network-participation' && <TextInput label="Network of the link" description="e.g. seesaw" value={linkNetwork} onChange={(e) => setLinkNetwork(e.currentTarget.value)} />}
            <Button onClick={() => void emailLink()}>E-mail it to the guardians</Button>
            <Button variant="default" onClick={() => void sendLink()}>
              {link ? 'Make a new link' : 'Make a link to hand over'}
            </Button>
          </Group>
          {emailed && (
            <Alert color="green.9" role="status" data-testid="e-consent-emailed">
              {emailed}
            </Alert>
          )}
          {linkError && <ErrorAlert>{linkError}</ErrorAlert>}
          {link && (
            <Alert color="green.9" role="status" data-testid="e-consent-link">
              Link created, valid until {link.expiresAt.slice(0, 10)}: <Anchor href={link.url} c="inherit" td="underline">{link.url}</Anchor>
            </Alert>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
