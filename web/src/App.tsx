// The app shell: who is signed in, navigation by role, and the pages.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { AppShell, Badge, Burger, Button, Group, Modal, NavLink, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { api, SESSION_ENDED, SESSION_RESTORED } from './lib/api';
import { clearDrafts } from './lib/draft';
import { Link, match, useRouter } from './lib/router';
import { SignInPage } from './features/auth/SignInPage';
import { CheckPage } from './features/check/CheckPage';
import { pagesFor } from './features/staff/pages';
import { MeContext, type Me } from './lib/me';

// Only the check page is in the first chunk; every other page loads on its first visit.
const GuardianConsentPage = lazy(() => import('./features/consent/GuardianConsentPage').then((m) => ({ default: m.GuardianConsentPage })));
const ReportPage = lazy(() => import('./features/report/ReportPage').then((m) => ({ default: m.ReportPage })));
const MyRecordsPage = lazy(() => import('./features/records/MyRecordsPage').then((m) => ({ default: m.MyRecordsPage })));
const CoworkerConsentsPage = lazy(() => import('./features/coworker/CoworkerConsentsPage').then((m) => ({ default: m.CoworkerConsentsPage })));
const AccessRequestsPage = lazy(() => import('./features/access/AccessRequestsPage').then((m) => ({ default: m.AccessRequestsPage })));
const NotificationsPage = lazy(() => import('./features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));

export type { Me } from './lib/me';

interface NavItem {
  to: string;
  label: string;
}

/** The pages about oneself: everyone checks, reports and reads notices; an employee also has co-worker consents and access requests. */
function minePages(roles: readonly string[]): NavItem[] {
  const employee = roles.includes('employee');
  return [
    { to: '/', label: 'Check a post' },
    { to: '/records', label: 'My records' },
    ...(employee ? [{ to: '/coworker-consents', label: 'Co-worker consents' }] : []),
    ...(employee ? [{ to: '/access-requests', label: 'Access requests' }] : []),
    { to: '/report', label: 'Report a concern' },
    { to: '/notices', label: 'Notices' },
  ];
}

/** How many of my notices are unread, read again on every page change and when the notices page marks one read. */
function useUnread(signedIn: boolean, path: string): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!signedIn) return;
    const load = () =>
      void api<{ unread: number }>('/api/v1/notifications?unreadOnly=true&limit=1')
        .then((r) => setUnread(r.unread))
        .catch(() => setUnread(0));
    load();
    window.addEventListener('clearpost:notices-changed', load);
    return () => window.removeEventListener('clearpost:notices-changed', load);
  }, [signedIn, path]);
  return unread;
}

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
  // A session that ends while a page is open: sign in again in a dialog over it, so the page (and what was typed) stays.
  const [sessionEnded, setSessionEnded] = useState(false);
  useEffect(() => {
    const on = () => setSessionEnded(true);
    window.addEventListener(SESSION_ENDED, on);
    return () => window.removeEventListener(SESSION_ENDED, on);
  }, []);
  const signedInAgain = useCallback(() => {
    setSessionEnded(false);
    load();
    window.dispatchEvent(new Event(SESSION_RESTORED));
  }, [load]);
  useEffect(() => {
    if (!me) return;
    api<{ items: Array<{ id: string; name: string; kind: string }> }>('/api/v1/people?limit=200')
      .then((r) => setPeople(r.items.map((p) => ({ value: p.id, label: `${p.name} (${p.kind})` }))))
      .catch(() => setPeople([]));
  }, [me]);

  const unread = useUnread(!!me, path);
  const staff = me ? pagesFor(me.roles) : [];
  const MINE = minePages(me?.roles ?? []);
  const title = [...MINE, ...staff.map((p) => ({ to: p.path, label: p.label }))].find((n) => n.to === path)?.label;
  useEffect(() => {
    document.title = title ? `${title} · Clearpost` : 'Clearpost';
  }, [title]);

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

  const staffPage = staff.find((p) => p.path === path);
  const navLink = (n: NavItem) => (
    <NavLink
      key={n.to}
      component={Link}
      to={n.to}
      label={n.label}
      rightSection={
        n.to === '/notices' && unread > 0 ? (
          <Badge size="sm" color="red.9" circle data-testid="unread-badge">
            {unread}
            <VisuallyHidden component="span"> unread</VisuallyHidden>
          </Badge>
        ) : undefined
      }
      variant="filled"
      active={path === n.to}
      aria-current={path === n.to ? 'page' : undefined}
      onClick={opened ? toggle : undefined}
    />
  );
  return (
    <MeContext.Provider value={me}>
      <Modal opened={sessionEnded} onClose={() => undefined} withCloseButton={false} closeOnClickOutside={false} closeOnEscape={false} title="Your session has ended" size="md" transitionProps={{ duration: 0 }} overlayProps={{ backgroundOpacity: 1, color: "#e9ecef" }}>
        <Text mb="xs">Sign in again to carry on. This page stays open behind this dialog: nothing you typed is lost.</Text>
        <SignInPage onSignedIn={signedInAgain} ssoEnabled={false} embedded />
      </Modal>
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
                  clearDrafts();
                  void api('/api/v1/auth/logout', { method: 'POST', body: {} }).finally(() => setMe(null));
                }}
              >
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Main">
          {MINE.map(navLink)}
          {staff.length > 0 && (
            <Text component="h2" size="sm" fw={700} mt="md" mb={4} px="sm" id="nav-district">
              District
            </Text>
          )}
          {staff.length > 0 && (
            <div role="group" aria-labelledby="nav-district">
              {staff.map((p) => navLink({ to: p.path, label: p.label }))}
            </div>
          )}
        </AppShell.Navbar>
        <AppShell.Main>
          <main>
            <Suspense fallback={<Text role="status">Loading…</Text>}>
              {path === '/' ? (
                <CheckPage people={people} />
              ) : path === '/report' ? (
                <ReportPage />
              ) : path === '/records' ? (
                <MyRecordsPage />
              ) : path === '/coworker-consents' && me.roles.includes('employee') ? (
                <CoworkerConsentsPage />
              ) : path === '/access-requests' && me.roles.includes('employee') ? (
                <AccessRequestsPage />
              ) : path === '/notices' ? (
                <NotificationsPage />
              ) : staffPage ? (
                <staffPage.Component />
              ) : (
                <Text>Not found.</Text>
              )}
            </Suspense>
          </main>
        </AppShell.Main>
      </AppShell>
    </MeContext.Provider>
  );
}
