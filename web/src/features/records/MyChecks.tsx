// My check history: my recent posts as checked, newest first. A post checked as it was typed is stored once per pause in
// typing; those drafts are folded into the post they became (a check whose text the next newer one continues, minutes apart).
import { useEffect, useState } from 'react';
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { api, ApiError } from '../../lib/api';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { formatDateTime } from '../../lib/time';

export interface MyCheck {
  id: string;
  decidedAt: string;
  verdict: 'allow' | 'revise' | 'block' | string;
  text: string;
  network: string | null;
  photos: number;
  rules: string[];
}

const VERDICT = { allow: ['Allowed', '#237032'], revise: ['Revise', 'yellow.4'], block: ['Do not post', 'red.9'] } as Record<string, [string, string]>;
const DRAFT_GAP_MS = 10 * 60_000;

/** Newest first in, newest first out: drop each check whose text the newer kept one starts with (a draft of it). */
export function foldDrafts(checks: readonly MyCheck[]): MyCheck[] {
  const out: MyCheck[] = [];
  for (const c of checks) {
    const newer = out[out.length - 1];
    if (newer && c.text.trim() !== '' && newer.network === c.network && newer.text.startsWith(c.text.trimEnd()) && Date.parse(newer.decidedAt) - Date.parse(c.decidedAt) < DRAFT_GAP_MS) continue;
    out.push(c);
  }
  return out;
}

export function MyChecks({ show = 10 }: { show?: number }) {
  const [items, setItems] = useState<MyCheck[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: MyCheck[] }>('/api/v1/checks?limit=200')
      .then((r) => setItems(foldDrafts(r.items).slice(0, show)))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [show]);
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        My checks
      </Title>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {items?.length === 0 && <Text>No checks yet.</Text>}
      {items?.map((c) => {
        const [label, color] = VERDICT[c.verdict] ?? [c.verdict, 'gray.8'];
        return (
          <Card key={c.id} withBorder padding="xs" data-testid="my-check" data-verdict={c.verdict}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={3}>
                {c.text || '(photos only)'}
              </Text>
              <Badge color={color} autoContrast style={{ flexShrink: 0 }}>
                {label}
              </Badge>
            </Group>
            <Text size="xs" mt={4}>
              {formatDateTime(c.decidedAt)}
              {c.network ? ` · ${c.network}` : ''}
              {c.photos > 0 ? ` · ${c.photos} photo${c.photos === 1 ? '' : 's'}` : ''}
              {c.rules.length > 0 ? ` · ${c.rules.join(', ')}` : ''}
            </Text>
          </Card>
        );
      })}
    </Stack>
  );
}
