// Type-ahead over the district's people (GET /api/v1/people?kind=&query=): options for a searchable Select.
import { useEffect, useState } from 'react';
import { api } from './api';

export interface PersonOption {
  value: string;
  label: string;
}

/** Options of one kind of person matching what is typed (debounced), without `exclude` (e.g. oneself). */
export function usePeopleOptions(kind: 'employee' | 'student', search: string, exclude?: string): PersonOption[] {
  const [options, setOptions] = useState<PersonOption[]>([]);
  useEffect(() => {
    const ctrl = new AbortController();
    const t = window.setTimeout(() => {
      const q = new URLSearchParams({ kind, limit: '50' });
      if (search.trim()) q.set('query', search.trim());
      api<{ items: Array<{ id: string; name: string }> }>(`/api/v1/people?${q.toString()}`, { signal: ctrl.signal })
        .then((r) => setOptions(r.items.filter((p) => p.id !== exclude).map((p) => ({ value: p.id, label: p.name }))))
        .catch(() => undefined);
    }, 200);
    return () => {
      window.clearTimeout(t);
      ctrl.abort();
    };
  }, [kind, search, exclude]);
  return options;
}
