/**
 * Typed client for the public API of one municipality (`/api/v1/{municipality}`).
 * Shapes follow DESIGN.md; every failure becomes an `ApiError` carrying the server's code and
 * the fields it named, so forms can tie each message to its input.
 */

export type ReportStatus =
  | 'submitted'
  | 'accepted'
  | 'in_progress'
  | 'scheduled'
  | 'resolved'
  | 'rejected'
  | 'duplicate'
  | 'hidden';

export type StatusGroup = 'open' | 'closed' | 'moderation';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface Category {
  id: number;
  name: string;
  description?: string | null;
  departmentId: number;
}

export interface StatusInfo {
  id: ReportStatus;
  label: string;
  labels?: { it: string; en: string };
  group: StatusGroup;
}

export interface Config {
  municipality: { slug: string; name: string; istatCode?: string | null; publishOnArrival?: boolean; demo?: boolean };
  map: {
    center: LatLon;
    zoom: number;
    bounds?: { south: number; west: number; north: number; east: number } | null;
    tileUrl: string;
    tileAttribution?: string;
  };
  categories: Category[];
  departments: { id: number; name: string }[];
  statuses: StatusInfo[];
  privacyUrl?: string | null;
}

export interface Street {
  id: number;
  name: string;
  type?: string;
  locality?: string | null;
}

export interface StreetWithCount extends Street {
  activeReports: number;
}

export interface ReportSummary {
  reference: string;
  title: string;
  status: ReportStatus;
  categoryId: number;
  streetId?: number | null;
  streetName?: string | null;
  civic?: string | null;
  location?: LatLon | null;
  createdAt: string;
  supportCount: number;
  distanceMeters?: number;
}

export interface ReportEvent {
  type: string;
  status?: ReportStatus;
  message?: string;
  at: string;
}

export interface ReportDetail extends ReportSummary {
  details: string;
  departmentId: number;
  acceptedAt?: string | null;
  expectedAt?: string | null;
  closedAt?: string | null;
  duplicateOf?: string | null;
  events: ReportEvent[];
  photos?: { id: string; url: string; thumbnailUrl: string }[];
  /** Only in the tracking view: whether the public can see the report yet. */
  published?: boolean;
}

export interface NewReport {
  categoryId: number;
  title: string;
  details: string;
  streetId?: number;
  civic?: string;
  location?: LatLon;
  contact?: { name?: string; email?: string; phone?: string };
  privacyAccepted: true;
}

export interface FiledReport {
  reference: string;
  trackingCode: string;
  status: ReportStatus;
  published?: boolean;
}

export interface ReportQuery {
  status?: string;
  category?: number;
  street?: number;
  q?: string;
  bbox?: string;
  cursor?: string;
  limit?: number;
}

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined>;

export class SegnalaApi {
  readonly base: string;

  constructor(api: string, municipality: string) {
    const root = (api || '').replace(/\/+$/, '');
    this.base = `${root}/api/v1/${encodeURIComponent(municipality)}`;
  }

  config(signal?: AbortSignal) {
    return this.get<Config>('/config', {}, signal);
  }

  searchStreets(q: string, limit = 10, signal?: AbortSignal) {
    return this.get<{ streets: Street[] }>('/streets', { q, limit }, signal);
  }

  nearestStreet(p: LatLon, signal?: AbortSignal) {
    return this.get<{ street: (Street & { distanceMeters: number }) | null }>('/streets/nearest', { lat: p.lat, lon: p.lon }, signal);
  }

  street(id: number, signal?: AbortSignal) {
    return this.get<{ street: StreetWithCount }>(`/streets/${id}`, {}, signal);
  }

  streetsSummary(signal?: AbortSignal) {
    return this.get<{ streets: StreetWithCount[] }>('/streets/summary', {}, signal);
  }

  reports(query: ReportQuery, signal?: AbortSignal) {
    return this.get<{ reports: ReportSummary[]; nextCursor: string | null }>('/reports', { ...query }, signal);
  }

  nearby(p: LatLon, categoryId: number | undefined, signal?: AbortSignal) {
    return this.get<{ reports: ReportSummary[] }>('/reports/nearby', { lat: p.lat, lon: p.lon, category: categoryId }, signal);
  }

  report(reference: string, signal?: AbortSignal) {
    return this.get<ReportDetail>(`/reports/${encodeURIComponent(reference)}`, {}, signal);
  }

  track(code: string, signal?: AbortSignal) {
    return this.get<ReportDetail>(`/track/${encodeURIComponent(code)}`, {}, signal);
  }

  fileReport(report: NewReport, idempotencyKey: string) {
    return this.send<FiledReport>('/reports', report, { 'Idempotency-Key': idempotencyKey });
  }

  support(reference: string, supporterToken: string, email?: string) {
    return this.send<{ supportCount: number; created: boolean }>(`/reports/${encodeURIComponent(reference)}/supports`, {
      supporterToken,
      ...(email ? { email } : {}),
    });
  }

  private url(path: string, query: Query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  private get<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>(this.url(path, query), { signal });
  }

  private send<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>(this.url(path, {}), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(url: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, credentials: 'omit' });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'network', (err as Error).message);
    }
    const body = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = (body as { error?: { code?: string; message?: string; details?: { fields?: FieldError[] } } })?.error;
      throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? res.statusText, e?.details?.fields ?? []);
    }
    return body as T;
  }
}

/** An unguessable key for one filing attempt: the same key never files two reports. */
export function newIdempotencyKey(): string {
  return randomToken();
}

/**
 * 128 random bits as base64url (22 characters, within the server's `[A-Za-z0-9_-]{16,128}`).
 * `crypto.getRandomValues` works on plain-http pages too, unlike `crypto.randomUUID`.
 */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
