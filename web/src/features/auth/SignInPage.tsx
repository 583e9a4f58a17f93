// Sign in: the district's SSO (OpenID Connect) or, for small districts, a local account.
import { useState } from 'react';
import { Alert, Button, Container, Divider, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';

export function SignInPage({ onSignedIn, ssoEnabled }: { onSignedIn: () => void; ssoEnabled: boolean }) {
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
    <Container size={420} py="xl">
      <Title order={1} mb="lg">
        Sign in to Clearpost
      </Title>
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
            <Alert color="red.9" role="alert">
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
