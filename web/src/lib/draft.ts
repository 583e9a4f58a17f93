// Drafts of a form kept in this tab's sessionStorage: a reload, a crash of the page or a sign-in again does not lose what
// was typed; closing the tab or signing out does (a shared computer keeps no one's report). The check page keeps its
// post in localStorage instead (its own choice, said on the page).
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';

const PREFIX = 'clearpost.draft.';

function read<T>(key: string, fallback: () => T): T {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw === null ? fallback() : (JSON.parse(raw) as T);
  } catch {
    return fallback();
  }
}

/** useState kept under `key` in sessionStorage; `clear` forgets it (after a successful submit). */
export function useDraft<T>(key: string, initial: T | (() => T)): [T, Dispatch<SetStateAction<T>>, () => void] {
  const init = useRef(initial);
  const fallback = useCallback(() => (typeof init.current === 'function' ? (init.current as () => T)() : init.current), []);
  const [value, setValue] = useState<T>(() => read(key, fallback));
  useEffect(() => {
    try {
      sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // storage full or disabled: the draft lives in memory only
    }
  }, [key, value]);
  const clear = useCallback(() => {
    sessionStorage.removeItem(PREFIX + key);
    setValue(fallback());
  }, [key, fallback]);
  return [value, setValue, clear];
}

/** Forget every form draft of this tab (on sign-out). */
export function clearDrafts(): void {
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const k = sessionStorage.key(i);
    if (k?.startsWith(PREFIX)) sessionStorage.removeItem(k);
  }
}
