// Lists from the API in pages: { items, nextCursor } answers, "Load more" continues with ?cursor=.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api';

export interface PageAnswer<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Paged<T> {
  items: T[];
  error: string | null;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.problem.detail ?? e.problem.title;
  return e instanceof Error ? e.message : String(e);
}

/** Fetch `url` (with its own filters in the query) page by page; a new url starts again from the first page. */
export function usePaged<T>(url: string | null, limit = 50): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const fetchPage = useCallback(
    (after: string | null) => {
      if (url === null) return;
      const n = ++seq.current;
      const sep = url.includes('?') ? '&' : '?';
      const q = `${url}${sep}limit=${limit}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`;
      setLoading(true);
      api<PageAnswer<T>>(q)
        .then((r) => {
          if (n !== seq.current) return;
          setItems((old) => (after ? [...old, ...r.items] : r.items));
          setCursor(r.nextCursor ?? null);
          setError(null);
        })
        .catch((e: unknown) => {
          if (n === seq.current) setError(errorText(e));
        })
        .finally(() => {
          if (n === seq.current) setLoading(false);
        });
    },
    [url, limit],
  );

  useEffect(() => fetchPage(null), [fetchPage]);
  return { items, error, loading, hasMore: cursor !== null, loadMore: () => fetchPage(cursor), reload: () => fetchPage(null) };
}
