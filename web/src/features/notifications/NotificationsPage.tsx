// My notices (reminders, deadlines, flagged posts) from the server's notify(): unread first, each opened in the app or
// marked read. The navigation shows how many are unread.
import { useState } from 'react';
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { api } from '../../lib/api';
import { usePaged } from '../../lib/paging';
import { Link } from '../../lib/router';
import { useSubmit } from '../../lib/submit';
import { formatDateTime } from '../../lib/time';

interface Notice {
  id: string;
  event: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  version: number;
}

/** Tell the app shell the unread count changed (it shows it in the navigation). */
export const NOTICES_CHANGED = 'clearpost:notices-changed';

function NoticeCard({ n, onRead }: { n: Notice; onRead: () => void }) {
  const read = useSubmit(() => api<Notice>(`/api/v1/notifications/${encodeURIComponent(n.id)}/read`, { method: 'POST', body: {} }), onRead);
  const error = read.formError();
  const inApp = n.link !== null && n.link.startsWith('/');
  return (
    <Card withBorder padding="sm" data-testid="notice" data-read={n.readAt !== null}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Title order={2} size="h4">
          {n.subject}
        </Title>
        {n.readAt === null && (
          <Badge color="indigo.9" tt="none">
            Unread
          </Badge>
        )}
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {n.body}
      </Text>
      <Text size="sm" c="dimmed">
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
        {n.readAt && (
          <>
            {' '}
            · read <time dateTime={n.readAt}>{formatDateTime(n.readAt)}</time>
          </>
        )}
      </Text>
      {error && (
        <ErrorAlert mt="xs">
          {error}
        </ErrorAlert>
      )}
      <Group mt="xs">
        {n.link && inApp && (
          <Link to={n.link} className="cp-link" aria-label={`Open: ${n.subject}`} onClick={() => void (n.readAt === null ? read.run() : undefined)}>
            Open
          </Link>
        )}
        {n.link && !inApp && (
          <a href={n.link} className="cp-link" rel="noreferrer" target="_blank" aria-label={`Open: ${n.subject}`}>
            Open
          </a>
        )}
        {n.readAt === null && (
          <Button size="xs" variant="default" loading={read.busy} aria-label={`Mark read: ${n.subject}`} onClick={() => void read.run()}>
            Mark read
          </Button>
        )}
      </Group>
    </Card>
  );
}

export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = usePaged<Notice>(`/api/v1/notifications${unreadOnly ? '?unreadOnly=true' : ''}`, 50);
  const changed = () => {
    list.reload();
    window.dispatchEvent(new Event(NOTICES_CHANGED));
  };
  const unread = list.items.filter((n) => n.readAt === null).length;
  return (
    <Stack maw={760}>
      <Title order={1}>Notices</Title>
      <Text>Reminders and deadlines from the district (disclosures, reports, authorizations that expire, flagged posts). The same notices go out by e-mail when the district sends e-mail.</Text>
      {list.error && <ErrorAlert>{list.error}</ErrorAlert>}
      <Group>
        <Button variant="default" size="xs" aria-pressed={unreadOnly} onClick={() => setUnreadOnly((u) => !u)}>
          {unreadOnly ? 'Show all notices' : 'Show unread only'}
        </Button>
        <Text role="status" data-testid="unread-count">
          {unread === 0 ? 'Nothing unread' : `${unread} unread`}
        </Text>
      </Group>
      {!list.loading && list.items.length === 0 && <Text>No notices.</Text>}
      {list.items.map((n) => (
        <NoticeCard key={`${n.id}@${n.readAt ?? ''}`} n={n} onRead={changed} />
      ))}
      {list.hasMore && (
        <Group>
          <Button variant="default" onClick={list.loadMore} loading={list.loading}>
            More notices
          </Button>
        </Group>
      )}
    </Stack>
  );
}
