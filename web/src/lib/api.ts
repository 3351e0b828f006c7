/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie, JSON in and
 * out, and RFC 9457 problem+json errors turned into an {@link ApiError} that keeps the field-level
 * `errors` list, so a form can put each reason under its own field.
 */

export interface FieldError {
  field: string;
  reason: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? 'ERROR';
    this.errors = problem.errors ?? [];
  }
}

export const API_BASE = '/api/v1';

export type QueryScalar = string | number | boolean | null | undefined;
/** An array is sent as the key repeated (`state=open&state=in_grace`). */
export type QueryValue = QueryScalar | readonly QueryScalar[];

/** `{ q: 'x', kind: undefined }` → `?q=x`; empty strings and nullish values are left out. */
export function toQuery(params: Record<string, QueryValue> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? (v as readonly QueryScalar[]) : [v as QueryScalar]) {
      if (one === undefined || one === null || one === '') continue;
      sp.append(k, String(one));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, params?: Record<string, QueryValue>): string {
  return `${API_BASE}${path}${toQuery(params)}`;
}

/** Read a failed response as a problem, whatever the server (or a proxy) sent. */
export async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object') return { ...body, status: body.status ?? res.status };
  } catch {
    // not JSON: fall through
  }
  return {
    status: res.status,
    title: res.statusText,
    detail: text.slice(0, 300) || `HTTP ${res.status} ${res.statusText}`,
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...opts.headers,
  };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body,
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'NETWORK', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as T;
  return (await res.json()) as T;
}

/** A page of a cursor-paged list. */
export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** Convert the server's field paths (`applicants[0].uscc`, `applicants.0.uscc`) to antd form name paths. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
