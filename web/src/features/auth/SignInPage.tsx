// Sign in: the district's SSO (OpenID Connect) or, for small districts, a local account.
import { useState } from 'react';
import { Alert, Button, Container, Divider, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';

// Why the district sign-in sent the browser back here (the server's SsoErrorCode in src/server/oidc.ts).
const SSO_ERRORS: Record<string, string> = {
  unavailable: 'The district sign-in could not be reached. Try again in a few minutes, or use a Clearpost account.',
  expired: 'The district sign-in took too long or was started in another window. Please start again.',
  failed: 'The district sign-in did not confirm who you are. Please start again.',
  unlinked: 'Your district account is not linked to a Clearpost user yet. Ask your Clearpost administrator to link it.',
};

function takeSsoError(): string | null {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('sso_error');
  if (code === null) return null;
  params.delete('sso_error');
  const query = params.toString();
  window.history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : '') + window.location.hash);
  return SSO_ERRORS[code] ?? SSO_ERRORS.failed!;
}

/** `embedded`: inside the "session ended" dialog (no page heading; the dialog has the title). */
export function SignInPage({ onSignedIn, ssoEnabled, embedded = false }: { onSignedIn: () => void; ssoEnabled: boolean; embedded?: boolean }) {
  const [ssoError] = useState(() => (embedded ? null : takeSsoError()));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api('/api/v1/auth/login', { body: { email, password } });
      setError(null);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: String(err), status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Container size={420} py={embedded ? 0 : 'xl'} px={embedded ? 0 : undefined}>
      {!embedded && (
        <Title order={1} mb="lg">
          Sign in to Clearpost
        </Title>
      )}
      {ssoError && (
        <Alert color="red.9" variant="filled" role="alert" mb="md">
          {ssoError}
        </Alert>
      )}
      {ssoEnabled && (
        <>
          <Button component="a" href="/auth/oidc/login" fullWidth size="md">
            Sign in with your district account
          </Button>
          <Divider my="lg" label="or with a Clearpost account" labelPosition="center" />
        </>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert variant="outline" color="red.9" role="alert">
              {error.message}
            </Alert>
          )}
          <TextInput label="E-mail" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
          <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Container>
  );
}
