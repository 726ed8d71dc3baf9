/**
 * Typed client for the staff API (`/api/v1/{municipality}/admin`). The bearer token comes from the
 * console's session; a 401 on any call but login ends that session (the console shows the login
 * again). Failures are `ApiError`s like the citizen client's, plus the server's `details`.
 */
import { ApiError, type FieldError, type ReportStatus, type ReportSummary } from '../api.ts';

export type StaffRole = 'admin' | 'staff';

export interface StaffUser {
  id: number;
  municipalityId: number;
  email: string;
  name: string;
  role: StaffRole;
  departmentIds: number[];
}

export interface Session {
  token: string;
  user: StaffUser;
  expiresAt: string;
}

export interface QueueItem extends ReportSummary {
  departmentId: number;
  published: boolean;
  overdue: boolean;
  updatedAt: string;
  acceptDueAt: string;
  resolveDueAt: string;
  contact: { name: string | null; email: string | null; phone: string | null };
}

export type QueueSort = 'newest' | 'oldest' | 'updated' | 'supports' | 'due';

export interface QueueFilters {
  /** `open`, `closed`, `all` or one status id. */
  status?: string;
  departmentId?: number;
  categoryId?: number;
  streetId?: number;
  q?: string;
  overdue?: boolean;
  /** Days as YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  sort?: QueueSort;
}

export interface QueuePage {
  reports: QueueItem[];
  nextCursor: string | null;
  total: number;
}

export interface StaffEvent {
  type: string;
  status?: ReportStatus;
  message?: string;
  at: string;
  public: boolean;
  by: { id: number; name: string } | null;
  data?: Record<string, unknown>;
}

export interface StaffReport extends QueueItem {
  details: string;
  acceptedAt: string | null;
  expectedAt: string | null;
  closedAt: string | null;
  duplicateOf: string | null;
  version: number;
  events: StaffEvent[];
  supporters: { count: number; withEmail: number };
  photos: StaffPhoto[];
}

/** A photo as staff see it: URLs of the staff API (they need the bearer token), hidden ones included. */
export interface StaffPhoto {
  id: string;
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  /** Hidden from the public by moderation; staff still see it. */
  hidden: boolean;
}

/** Every office and category of the municipality, retired categories included (`GET /admin/catalog`). */
export interface Catalog {
  departments: { id: number; name: string }[];
  categories: { id: number; name: string; departmentId: number; daysToAccept: number; daysToResolve: number; active: boolean }[];
}

export interface StatusChange {
  /** A status id, or `unhidden` to end moderation. */
  status: ReportStatus | 'unhidden';
  message?: string;
  /** YYYY-MM-DD. */
  expectedAt?: string;
  version: number;
}

export interface Durations {
  medianHours: number | null;
  p90Hours: number | null;
  count: number;
}

export interface Stats {
  total: number;
  byStatus: { status: ReportStatus; count: number }[];
  byDepartment: { departmentId: number; name: string; total: number; open: number; overdue: number }[];
  byCategory: { categoryId: number; name: string; total: number; open: number }[];
  topStreets: { streetId: number; name: string; total: number; open: number }[];
  timeToAccept: Durations;
  timeToResolve: Durations;
  monthly: { month: string; created: number; closed: number }[];
}

export interface StatsFilters {
  from?: string;
  to?: string;
  departmentId?: number;
}

export interface MunicipalitySettings {
  name: string;
  publishOnArrival: boolean;
  allowedOrigins: string[];
  contactEmail: string | null;
  privacyUrl: string | null;
  /** Spam checks on citizen filings: none, form token with minimum fill time, or that plus ALTCHA. */
  spamCheck: 'off' | 'form' | 'pow';
  formMinSeconds: number;
  /** Whether an Open311 key exists (the key itself is never given back). */
  open311KeySet?: boolean;
}

export interface DepartmentSettings {
  id: number;
  name: string;
  email: string | null;
}

export interface CategorySettings {
  id: number;
  name: string;
  description: string | null;
  departmentId: number;
  daysToAccept: number;
  daysToResolve: number;
  active: boolean;
  sortOrder: number;
}

export interface StaffAccount {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  departmentIds: number[];
}

export interface Settings {
  municipality: MunicipalitySettings;
  departments: DepartmentSettings[];
  categories: CategorySettings[];
  staff: StaffAccount[];
}

export interface NewStaffAccount {
  email: string;
  name: string;
  role: StaffRole;
  departmentIds: number[];
  password: string;
}

/** An `ApiError` that also keeps the server's `details` (e.g. `retryAfterSeconds` of a 429). */
export class AdminApiError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(status, code, message, fields);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export class AdminApi {
  /** The server's root (`api` without trailing slash); empty for the page's own origin. */
  readonly root: string;
  readonly base: string;

  constructor(
    api: string,
    municipality: string,
    /** The current session's token, read at each call. */
    private readonly token: () => string | undefined,
    /** Called when the server says the session is gone (401 on an authenticated call). */
    private readonly onUnauthorized: () => void,
  ) {
    this.root = (api || '').replace(/\/+$/, '');
    this.base = `${this.root}/api/v1/${encodeURIComponent(municipality)}/admin`;
  }

  login(email: string, password: string) {
    return this.request<Session>('POST', '/login', { body: { email, password }, anonymous: true });
  }

  /** Ends a session on the server; the token is given because the console forgets it first. */
  async logout(token: string) {
    await this.request<void>('POST', '/logout', { quiet401: true, token });
  }

  me(signal?: AbortSignal) {
    return this.request<{ user: StaffUser }>('GET', '/me', { signal });
  }

  queue(filters: QueueFilters, cursor?: string, limit = 50, signal?: AbortSignal) {
    return this.request<QueuePage>('GET', '/reports', { query: { ...queueQuery(filters), cursor, limit }, signal });
  }

  /** The filtered queue as CSV (UTF-8 with BOM), as a Blob to offer for download. */
  async csv(filters: QueueFilters): Promise<Blob> {
    const res = await this.fetch('GET', this.url('/reports.csv', queueQuery(filters)), {});
    return res.blob();
  }

  report(reference: string, signal?: AbortSignal) {
    return this.request<StaffReport>('GET', `/reports/${encodeURIComponent(reference)}`, { signal });
  }

  changeStatus(reference: string, change: StatusChange) {
    return this.request<{ version: number; status: ReportStatus; published: boolean }>(
      'POST',
      `/reports/${encodeURIComponent(reference)}/status`,
      { body: change },
    );
  }

  reply(reference: string, message: string, internal: boolean) {
    return this.request<{ version: number }>('POST', `/reports/${encodeURIComponent(reference)}/replies`, { body: { message, internal } });
  }

  assign(reference: string, to: { departmentId?: number; categoryId?: number; version: number }) {
    return this.request<{ version: number }>('POST', `/reports/${encodeURIComponent(reference)}/assign`, { body: to });
  }

  merge(reference: string, into: string, version: number) {
    return this.request<{ version: number; into: string }>('POST', `/reports/${encodeURIComponent(reference)}/merge`, {
      body: { into, version },
    });
  }

  /** Moderates one photo; the report's version changes (an internal note is added to its history). */
  setPhotoHidden(reference: string, photoId: string, hidden: boolean) {
    return this.request<{ version: number }>('POST', `/reports/${encodeURIComponent(reference)}/photos/${encodeURIComponent(photoId)}`, {
      body: { hidden },
    });
  }

  /**
   * A photo (or thumbnail) of the staff API, by the URL the report gave: it needs the token, so an
   * `<img src>` cannot load it; the caller shows the Blob through `URL.createObjectURL`.
   */
  async photo(url: string, signal?: AbortSignal): Promise<Blob> {
    const absolute = /^https?:\/\//.test(url) ? url : `${this.root}${url}`;
    // A photo's bytes never change (moderation only hides it), so the browser's cache may keep them.
    const res = await this.fetch('GET', absolute, { signal, cache: 'default' });
    return res.blob();
  }

  catalog(signal?: AbortSignal) {
    return this.request<Catalog>('GET', '/catalog', { signal });
  }

  stats(filters: StatsFilters, signal?: AbortSignal) {
    return this.request<Stats>('GET', '/stats', { query: { ...filters }, signal });
  }

  settings(signal?: AbortSignal) {
    return this.request<Settings>('GET', '/settings', { signal });
  }

  updateMunicipality(patch: Partial<MunicipalitySettings>) {
    return this.request<Settings>('PATCH', '/settings', { body: patch });
  }

  createDepartment(d: { name: string; email: string | null }) {
    return this.request<{ id: number }>('POST', '/departments', { body: d });
  }

  updateDepartment(id: number, d: { name?: string; email?: string | null }) {
    return this.request<void>('PATCH', `/departments/${id}`, { body: d });
  }

  createCategory(c: Omit<CategorySettings, 'id' | 'sortOrder' | 'description'> & { description?: string | null }) {
    return this.request<{ id: number }>('POST', '/categories', { body: c });
  }

  updateCategory(id: number, c: Partial<Omit<CategorySettings, 'id'>>) {
    return this.request<void>('PATCH', `/categories/${id}`, { body: c });
  }

  createStaff(s: NewStaffAccount) {
    return this.request<{ id: number }>('POST', '/staff', { body: s });
  }

  updateStaff(id: number, s: Partial<NewStaffAccount & { active: boolean }>) {
    return this.request<{ id: number }>('PATCH', `/staff/${id}`, { body: s });
  }

  /** A new Open311 key for partners, given this once; the previous key stops working at once. */
  newOpen311Key() {
    return this.request<{ apiKey: string; endpoint?: string }>('POST', '/open311-key');
  }

  private url(path: string, query: Query = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  private async request<T>(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown; signal?: AbortSignal; anonymous?: boolean; quiet401?: boolean; token?: string } = {},
  ): Promise<T> {
    const res = await this.fetch(method, this.url(path, opts.query), opts);
    if (res.status === 204) return undefined as T;
    return (await res.json().catch(() => undefined)) as T;
  }

  private async fetch(
    method: string,
    url: string,
    opts: { body?: unknown; signal?: AbortSignal; anonymous?: boolean; quiet401?: boolean; token?: string; cache?: RequestCache },
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = opts.token ?? this.token();
    if (!opts.anonymous && token) headers.Authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
        credentials: 'omit',
        cache: opts.cache ?? 'no-store',
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new AdminApiError(0, 'network', (err as Error).message);
    }
    if (res.ok) return res;
    const body = await res.json().catch(() => undefined);
    const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> & { fields?: FieldError[] } } })?.error;
    const error = new AdminApiError(res.status, e?.code ?? 'http_error', e?.message ?? res.statusText, e?.details?.fields ?? [], e?.details ?? {});
    if (res.status === 401 && !opts.anonymous && !opts.quiet401) this.onUnauthorized();
    throw error;
  }
}

function queueQuery(f: QueueFilters): Query {
  return {
    status: f.status,
    departmentId: f.departmentId,
    categoryId: f.categoryId,
    streetId: f.streetId,
    q: f.q?.trim() || undefined,
    overdue: f.overdue ? 'true' : undefined,
    from: f.from,
    to: f.to,
    sort: f.sort,
  };
}
