// One submit block for every form that writes: busy while it runs, the API's problem+json kept so each message can be
// shown next to the field it names, and the If-Match header for updates of a versioned record (a stale one gets 412).
import { useCallback, useRef, useState } from 'react';
import { ApiError } from './api';
import { errorText } from './paging';

/** The If-Match header for an update of the record version that was read. */
export function ifMatch(version: number): Record<string, string> {
  return { 'if-match': `"${version}"` };
}

/** Does a problem's field (e.g. `granteeId`, `scope.0`, `body.reason`) name this form field? */
export function namesField(problemField: string | undefined, field: string): boolean {
  if (problemField === undefined) return false;
  return problemField === field || problemField.endsWith(`.${field}`) || problemField.startsWith(`${field}.`) || problemField.startsWith(`${field}[`);
}

export interface Submit<A extends unknown[], T> {
  /** Run the action; resolves with its answer, or undefined when it failed (the error is kept). */
  run: (...args: A) => Promise<T | undefined>;
  busy: boolean;
  error: ApiError | null;
  /** The message for one field, for the input's `error` prop. */
  fieldError: (field: string) => string | undefined;
  /** The message when the problem names none of `fields` (shown above the form). */
  formError: (fields?: readonly string[]) => string | undefined;
  clear: () => void;
}

export function useSubmit<A extends unknown[], T>(action: (...args: A) => Promise<T>, onDone?: (answer: T) => void): Submit<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // The newest action and callback, so `run` stays the same function between renders.
  const latest = useRef({ action, onDone });
  latest.current = { action, onDone };
  const run = useCallback(async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    try {
      const answer = await latest.current.action(...args);
      setError(null);
      latest.current.onDone?.(answer);
      return answer;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: errorText(e), status: 0 }));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const message = (e: ApiError) => e.problem.detail ?? e.problem.title;
  return {
    run,
    busy,
    error,
    fieldError: (field) => (error !== null && namesField(error.field, field) ? message(error) : undefined),
    formError: (fields = []) => (error !== null && !fields.some((f) => namesField(error.field, f)) ? message(error) : undefined),
    clear: () => setError(null),
  };
}
