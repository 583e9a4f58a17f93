// The only way the web app talks to the server: /api/v1 with the session cookie, CSRF header and problem+json errors.
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: Array<{ field?: string; message: string }>;
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
  get field(): string | undefined {
    return this.problem.field ?? this.problem.errors?.[0]?.field;
  }
}

/** Fired when a request finds no session; the app shell answers with a sign-in dialog over the page (nothing typed is lost). */
export const SESSION_ENDED = 'clearpost:session-ended';
/** Fired when the user has signed in again from that dialog: pages may retry what failed. */
export const SESSION_RESTORED = 'clearpost:session-restored';

function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)clearpost_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  let body: BodyInit | undefined;
  if (init.body instanceof FormData) body = init.body;
  else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const t = csrfToken();
    if (t !== undefined) headers['x-csrf-token'] = t;
  }
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: init.signal });
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const p = (typeof data === 'object' && data !== null ? data : { title: String(data) }) as Partial<Problem>;
    // The session ended (expired, or signed out in another tab): the app asks to sign in again over the open page.
    if (res.status === 403 && p.detail === 'sign in first' && !path.startsWith('/api/v1/me')) window.dispatchEvent(new Event(SESSION_ENDED));
    throw new ApiError({ title: p.title ?? res.statusText, status: res.status, ...p } as Problem);
  }
  return data as T;
}
