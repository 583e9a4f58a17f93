// The app shell: who is signed in, navigation by role, and the pages.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { api } from './lib/api';
import { Link, match, useRouter } from './lib/router';
import { SignInPage } from './features/auth/SignInPage';
import { CheckPage } from './features/check/CheckPage';
import { ReportPage } from './features/report/ReportPage';
import { MyRecordsPage } from './features/records/MyRecordsPage';
import { ApprovalsPage } from './features/staff/ApprovalsPage';

const GuardianConsentPage = lazy(() => import('./features/consent/GuardianConsentPage').then((m) => ({ default: m.GuardianConsentPage })));

export interface Me {
  id: string;
  name: string;
  email?: string;
  roles: string[];
  personId?: string;
  district?: { id: string; name: string };
}

const STAFF = ['building-supervisor', 'communications', 'hr', 'superintendent', 'admin'];

export function App() {
  const { path } = useRouter();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [people, setPeople] = useState<Array<{ value: string; label: string }>>([]);
  const [opened, { toggle }] = useDisclosure();
  const [sso, setSso] = useState(false);
  useEffect(() => {
    api<{ oidc: boolean }>('/api/v1/auth/providers')
      .then((p) => setSso(p.oidc))
      .catch(() => setSso(false));
  }, []);

  const load = useCallback(() => {
    api<Me>('/api/v1/me')
      .then(setMe)
      .catch(() => setMe(null));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    if (!me) return;
    api<{ items: Array<{ id: string; name: string; kind: string }> }>('/api/v1/people?limit=500')
      .then((r) => setPeople(r.items.map((p) => ({ value: p.id, label: `${p.name} (${p.kind})` }))))
      .catch(() => setPeople([]));
  }, [me]);

  const consent = match('/consent/:token', path);
  if (consent) {
    return (
      <Suspense fallback={<Text p="md">Loading…</Text>}>
        <main>
          <GuardianConsentPage token={consent.token!} />
        </main>
      </Suspense>
    );
  }
  if (me === undefined) return <Text p="md">Loading…</Text>;
  if (me === null)
    return (
      <main>
        <SignInPage onSignedIn={load} ssoEnabled={sso} />
      </main>
    );

  const isStaff = me.roles.some((r) => STAFF.includes(r));
  const nav = [
    { to: '/', label: 'Check a post' },
    { to: '/records', label: 'My records' },
    { to: '/report', label: 'Report a concern' },
    ...(me.roles.includes('superintendent') || me.roles.includes('admin') ? [{ to: '/staff/approvals', label: 'Approvals' }] : []),
  ];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} component="span">
              Clearpost
            </Text>
            {me.district && <Text component="span">{me.district.name}</Text>}
          </Group>
          <Group>
            <Text component="span">{me.name}</Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                void api('/api/v1/auth/logout', { method: 'POST', body: {} }).finally(() => setMe(null));
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {nav.map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={path === n.to} aria-current={path === n.to ? 'page' : undefined} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <main>
          {path === '/' ? (
            <CheckPage people={people} />
          ) : path === '/report' ? (
            <ReportPage />
          ) : path === '/records' ? (
            <MyRecordsPage />
          ) : path === '/staff/approvals' && isStaff ? (
            <ApprovalsPage />
          ) : (
            <Text>Not found.</Text>
          )}
        </main>
      </AppShell.Main>
    </AppShell>
  );
}
