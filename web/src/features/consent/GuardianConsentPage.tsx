// The guardian's signing page, reached from the e-consent link: plain-language consent, sign or decline, revoke later.
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Container, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { pickLang, translate, type Lang, type MessageKey } from '../../i18n';

interface ConsentRequest {
  student: { name: string };
  school: string;
  type: 'student-image' | 'social-network-participation';
  network?: string;
  scope?: string[];
  validFrom: string;
  validUntil?: string | null;
  text: string;
  status: 'pending' | 'signed' | 'declined' | 'revoked';
  signedAt?: string;
}

const LANG_KEY = 'clearpost.lang';

export function GuardianConsentPage({ token }: { token: string }) {
  const [lang, setLang] = useState<Lang>(() => pickLang(localStorage.getItem(LANG_KEY), navigator.languages ?? []));
  const t = (k: MessageKey, v: Record<string, string> = {}) => translate(lang, k, v);
  const [req, setReq] = useState<ConsentRequest | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [name, setName] = useState('');
  const [agree, setAgree] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; agree?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
  }, [lang]);

  useEffect(() => {
    api<ConsentRequest>(`/api/v1/e-consent/${encodeURIComponent(token)}`)
      .then(setReq)
      .catch(() => setLoadError(true));
  }, [token]);

  const act = async (action: 'sign' | 'decline' | 'revoke') => {
    if (action === 'sign') {
      const e: typeof errors = {};
      if (name.trim().length < 2) e.name = t('consent.name.required');
      if (!agree) e.agree = t('consent.agree.required');
      setErrors(e);
      if (e.name || e.agree) return;
    }
    setBusy(true);
    try {
      const body = action === 'sign' ? { signerName: name.trim(), agree: true, language: lang } : { language: lang };
      setReq(await api<ConsentRequest>(`/api/v1/e-consent/${encodeURIComponent(token)}/${action}`, { body }));
      setErrors({});
    } catch (err) {
      const msg = err instanceof ApiError ? err.message : String(err);
      const field = err instanceof ApiError ? err.field : undefined;
      setErrors(field === 'signerName' ? { name: msg } : { form: t('consent.error', { message: msg }) });
    } finally {
      setBusy(false);
    }
  };

  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long' });

  return (
    <Container size="xs" px="md" py="lg">
      <Stack>
        <Group justify="flex-end">
          <Select
            label={t('lang.choose')}
            data={[
              { value: 'en', label: 'English' },
              { value: 'es', label: 'Español' },
            ]}
            value={lang}
            onChange={(v) => setLang((v ?? 'en') as Lang)}
            allowDeselect={false}
            w={160}
          />
        </Group>
        {loadError && (
          <Alert variant="outline" color="red.9" role="alert">
            {t('consent.invalid')}
          </Alert>
        )}
        {!req && !loadError && <Text>{t('consent.loading')}</Text>}
        {req && (
          <>
            <Title order={1} size="h2">
              {t('consent.title', { student: req.student.name })}
            </Title>
            <Text>{t('consent.intro', { school: req.school })}</Text>
            <Text fw={700}>{t(`consent.what.${req.type}` as MessageKey, { student: req.student.name, network: req.network ?? '' })}</Text>
            {req.scope && req.scope.length > 0 && (
              <>
                <Title order={2} size="h4">
                  {t('consent.where')}
                </Title>
                <List>
                  {req.scope.map((s) => (
                    <List.Item key={s}>{t(`consent.scope.${s}` as MessageKey)}</List.Item>
                  ))}
                </List>
              </>
            )}
            <Text>{req.validUntil ? t('consent.valid', { from: date(req.validFrom), until: date(req.validUntil) }) : t('consent.validOpen', { from: date(req.validFrom) })}</Text>
            <details>
              <summary>{t('consent.text')}</summary>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="consent-text">
                {req.text}
              </Text>
            </details>
            {errors.form && (
              <Alert variant="outline" color="red.9" role="alert">
                {errors.form}
              </Alert>
            )}
            {req.status === 'pending' && (
              <Stack>
                <TextInput label={t('consent.name')} description={t('consent.name.help')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} autoComplete="name" required />
                <Checkbox label={t('consent.agree', { student: req.student.name })} checked={agree} onChange={(e) => setAgree(e.currentTarget.checked)} error={errors.agree} />
                <Group grow>
                  <Button onClick={() => act('sign')} loading={busy}>
                    {t('consent.sign')}
                  </Button>
                  <Button variant="default" onClick={() => act('decline')} disabled={busy}>
                    {t('consent.decline')}
                  </Button>
                </Group>
              </Stack>
            )}
            {req.status === 'signed' && (
              <Stack>
                <Alert color="green.9" role="status">
                  {t('consent.signed', { at: req.signedAt ? date(req.signedAt) : '' })}
                </Alert>
                <Button variant="default" color="red.9" onClick={() => act('revoke')} loading={busy}>
                  {t('consent.revoke')}
                </Button>
              </Stack>
            )}
            {req.status === 'declined' && <Alert role="status">{t('consent.declined')}</Alert>}
            {req.status === 'revoked' && <Alert role="status">{t('consent.revoked')}</Alert>}
          </>
        )}
      </Stack>
    </Container>
  );
}
