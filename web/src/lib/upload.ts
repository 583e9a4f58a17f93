// File uploads with progress: fetch cannot report upload progress, XMLHttpRequest can (upload.onprogress).
import { ApiError, type Problem } from './api';

function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)clearpost_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0..100, or null while the browser does not know the total. */
  percent: number | null;
}

/** POST multipart form data to the API; `onProgress` follows the bytes sent; resolves with the JSON answer or throws ApiError. */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (p: UploadProgress) => void, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.method ?? 'POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const t = csrfToken();
    if (t !== undefined) xhr.setRequestHeader('x-csrf-token', t);
    for (const [k, v] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.total, percent: e.lengthComputable && e.total > 0 ? Math.round((e.loaded / e.total) * 100) : null });
    xhr.onerror = () => reject(new ApiError({ title: 'Network error', status: 0, detail: 'the upload did not reach the server; check the connection and try again' }));
    xhr.onload = () => {
      let data: unknown = xhr.responseText;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: keep the text */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const p = (typeof data === 'object' && data !== null ? data : { title: String(data) }) as Partial<Problem>;
      reject(new ApiError({ title: p.title ?? xhr.statusText, status: xhr.status, ...p } as Problem));
    };
    xhr.send(form);
  });
}
