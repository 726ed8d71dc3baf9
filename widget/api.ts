/**
 * Client for the public API of one municipality (`/api/v1/{municipality}`, README "HTTP API").
 * Its types are the server's own (contract.ts); every failure becomes an `ApiError` carrying the server's code and
 * the fields it named, so forms can tie each message to its input.
 */

import type { z } from 'zod';
import type { NewReportSchema } from '../server/routes/filing.ts';
import type { Answer, PublicRoutes, QueryOf } from './contract.ts';

export type { ReportStatus, StatusGroup } from '../server/domain/status.ts';
export type { ReportEventType } from '../server/domain/report-events.ts';

/** `GET /config`: the municipality, its map, categories, offices and statuses. */
export type Config = Answer<PublicRoutes['config']['$get']>;
export type Category = Config['categories'][number];
export type StatusInfo = Config['statuses'][number];

export interface LatLon {
  lat: number;
  lon: number;
}

export type Street = Answer<PublicRoutes['streets']['$get']>['streets'][number];
export type StreetWithCount = Answer<PublicRoutes['streets'][':id']['$get']>['street'];
export type NearestStreet = Answer<PublicRoutes['streets']['nearest']['$get']>['street'];

/** `GET /reports`: a page of the public list. */
export type ReportList = Answer<PublicRoutes['reports']['$get']>;
export type ReportSummary = ReportList['reports'][number];
/** `GET /reports/nearby`: open reports around a point, nearest first. */
export type NearbyReport = Answer<PublicRoutes['reports']['nearby']['$get']>['reports'][number];

/** `GET /reports/{reference}`: a report's public page. */
export type ReportDetail = Answer<PublicRoutes['reports'][':reference']['$get']>;
/** `GET /track/{code}`: the reporter's view, which also says whether the public can see it yet. */
export type TrackedReport = Answer<PublicRoutes['track'][':code']['$get']>;
export type ReportEvent = ReportDetail['events'][number];
/** A published photo of a report; `url` and `thumbnailUrl` are relative to the server (see `SegnalaApi.resolve`). */
export type Photo = ReportDetail['photos'][number];

/** A filing, as the server's schema reads it (`POST /reports`). */
export type NewReport = z.output<typeof NewReportSchema>;
/** The spam-check fields of a filing (see anti-spam.ts). */
export type AntiSpam = NonNullable<NewReport['antiSpam']>;
/** `GET /form-token`: what the filing form needs before it can be sent. */
export type FormToken = Answer<PublicRoutes['form-token']['$get']>;
export type FiledReport = Answer<PublicRoutes['reports']['$post']>;
export type SupportAnswer = Answer<PublicRoutes['reports'][':reference']['supports']['$post']>;
// Follow a street
export type StreetFollowAnswer = Answer<PublicRoutes['street-subscriptions']['$post']>;
export type StreetConfirmAnswer = Answer<PublicRoutes['street-subscriptions']['confirm']['$post']>;
export type StreetUnsubscribeAnswer = Answer<PublicRoutes['street-subscriptions']['unsubscribe']['$post']>;

// Is it really fixed? and the rating of the service
export type ResolutionAnswer = Answer<PublicRoutes['resolution-checks']['link']['$post']>['answer'];
export type ResolutionLinkPreview = Answer<PublicRoutes['resolution-checks']['link']['$get']>;
export type ResolutionAnswerResult = Answer<PublicRoutes['resolution-checks']['link']['$post']>;
export type ResolutionQuestion = Answer<PublicRoutes['resolution-checks']['track'][':code']['$get']>;
export type ServiceRating = Answer<PublicRoutes['ratings']['track'][':code']['$get']>;
/** The citizen adds information (`POST /track/{code}/messages`, `/citizen-replies/{token}/messages`). */
export type CitizenMessageAnswer = Answer<PublicRoutes['track'][':key']['messages']['$post']>;
/** `GET /citizen-replies/{token}`: the office's question the link answers. */
export type CitizenReplyContext = Answer<PublicRoutes['citizen-replies'][':key']['$get']>;
/** Who proves to be the reporter: the tracking code, or the token of the office's mailed link. */
export type CitizenProof = { code: string } | { token: string };

/** How much of a multipart filing has reached the server (`total` unknown when not computable). */
export interface UploadProgress {
  loaded: number;
  total?: number;
}

/** `GET /reports/clusters`: the public reports of a map view, at most about 500 features whatever their number. */
export type ClusterAnswer = Answer<PublicRoutes['reports']['clusters']['$get']>;
/** Several reports near each other on the map. */
export type ReportCluster = ClusterAnswer['cells'][number];

/** The list's filters, as the server reads them (numbers may be given as numbers). */
type Filters<Query> = { [K in keyof Query]?: Query[K] | (string extends NonNullable<Query[K]> ? number : never) };
export type ReportQuery = Filters<QueryOf<PublicRoutes['reports']['$get']>>;
/** The list's filters and the view: `bbox` as `west,south,east,north`, `zoom` a whole number. */
export type ClusterQuery = Filters<Omit<QueryOf<PublicRoutes['reports']['clusters']['$get']>, 'bbox' | 'zoom'>> & { bbox: string; zoom: number };

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
  /** The server's origin (the `api` attribute), without trailing slash; empty for the page's own. */
  readonly root: string;

  constructor(api: string, municipality: string) {
    this.root = (api || '').replace(/\/+$/, '');
    this.base = `${this.root}/api/v1/${encodeURIComponent(municipality)}`;
  }

  /** A URL the server gave (`/api/v1/…/photos/…`, or already absolute) made absolute against `api`. */
  resolve(url: string): string {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${this.root}${url.startsWith('/') ? '' : '/'}${url}`;
  }

  formToken() {
    return this.request<FormToken>(this.url('/form-token', {}), { cache: 'no-store' });
  }

  config(signal?: AbortSignal) {
    return this.get<Config>('/config', {}, signal);
  }

  searchStreets(q: string, limit = 10, signal?: AbortSignal) {
    return this.get<Answer<PublicRoutes['streets']['$get']>>('/streets', { q, limit }, signal);
  }

  nearestStreet(p: LatLon, signal?: AbortSignal) {
    return this.get<Answer<PublicRoutes['streets']['nearest']['$get']>>('/streets/nearest', { lat: p.lat, lon: p.lon }, signal);
  }

  street(id: number, signal?: AbortSignal) {
    return this.get<Answer<PublicRoutes['streets'][':id']['$get']>>(`/streets/${id}`, {}, signal);
  }

  streetsSummary(signal?: AbortSignal) {
    return this.get<Answer<PublicRoutes['streets']['summary']['$get']>>('/streets/summary', {}, signal);
  }

  reports(query: ReportQuery, signal?: AbortSignal) {
    return this.get<ReportList>('/reports', { ...query }, signal);
  }

  clusters(query: ClusterQuery, signal?: AbortSignal) {
    return this.get<ClusterAnswer>('/reports/clusters', { ...query }, signal);
  }

  nearby(p: LatLon, categoryId: number | undefined, signal?: AbortSignal) {
    return this.get<Answer<PublicRoutes['reports']['nearby']['$get']>>('/reports/nearby', { lat: p.lat, lon: p.lon, category: categoryId }, signal);
  }

  report(reference: string, signal?: AbortSignal) {
    return this.get<ReportDetail>(`/reports/${encodeURIComponent(reference)}`, {}, signal);
  }

  track(code: string, signal?: AbortSignal) {
    return this.get<TrackedReport>(`/track/${encodeURIComponent(code)}`, {}, signal);
  }

  /** Erases the reporter's name, e-mail and phone (`DELETE /track/{code}/contact`, 204, no body). */
  eraseContact(code: string): Promise<void> {
    return this.request<void>(this.url(`/track/${encodeURIComponent(code)}/contact`, {}), { method: 'DELETE' });
  }

  /**
   * Files a report: JSON without photos; with photos `multipart/form-data` (the JSON in `report`,
   * each file in `photos`) sent through XMLHttpRequest, the one browser API that reports upload progress.
   */
  fileReport(report: NewReport, idempotencyKey: string, photos: readonly File[] = [], onProgress?: (p: UploadProgress) => void) {
    const headers = { 'Idempotency-Key': idempotencyKey };
    if (!photos.length) return this.send<FiledReport>('/reports', report, headers);
    const form = new FormData();
    form.append('report', JSON.stringify(report));
    for (const file of photos) form.append('photos', file, file.name);
    return this.upload<FiledReport>(this.url('/reports', {}), form, headers, onProgress);
  }

  support(reference: string, supporterToken: string, email?: string) {
    return this.send<SupportAnswer>(`/reports/${encodeURIComponent(reference)}/supports`, {
      supporterToken,
      ...(email ? { email } : {}),
    });
  }

  // Follow a street: ask (a confirmation mail follows), confirm and stop with the mailed links.
  followStreet(streetId: number, email: string, locale: 'it' | 'en') {
    return this.send<StreetFollowAnswer>('/street-subscriptions', { streetId, email, locale });
  }

  confirmStreetFollow(token: string) {
    return this.send<StreetConfirmAnswer>('/street-subscriptions/confirm', { token });
  }

  unfollowStreet(token: string) {
    return this.send<StreetUnsubscribeAnswer>('/street-subscriptions/unsubscribe', { token });
  }

  // Is it really fixed? (a mailed link, or the tracking code) and the rating of the service
  previewResolutionLink(token: string, signal?: AbortSignal) {
    return this.request<ResolutionLinkPreview>(this.url('/resolution-checks/link', { token }), { signal, cache: 'no-store' });
  }

  confirmResolutionLink(token: string) {
    return this.send<ResolutionAnswerResult>('/resolution-checks/link', { token });
  }

  resolutionQuestion(code: string, signal?: AbortSignal) {
    return this.request<ResolutionQuestion>(this.url(`/resolution-checks/track/${encodeURIComponent(code)}`, {}), { signal, cache: 'no-store' });
  }

  answerResolution(code: string, answer: ResolutionAnswer) {
    return this.send<ResolutionAnswerResult>(`/resolution-checks/track/${encodeURIComponent(code)}`, { answer });
  }

  serviceRating(code: string, signal?: AbortSignal) {
    return this.request<ServiceRating>(this.url(`/ratings/track/${encodeURIComponent(code)}`, {}), { signal, cache: 'no-store' });
  }

  rateService(code: string, rating: number, comment: string) {
    return this.send<ServiceRating>(`/ratings/track/${encodeURIComponent(code)}`, { rating, ...(comment.trim() ? { comment } : {}) });
  }

  // The citizen adds information, the office asks for it
  citizenReply(token: string, signal?: AbortSignal) {
    return this.request<CitizenReplyContext>(this.url(`/citizen-replies/${encodeURIComponent(token)}`, {}), { signal, cache: 'no-store' });
  }

  /** A message with up to three photos (multipart, with upload progress, when there are photos). */
  addCitizenMessage(proof: CitizenProof, message: string, photos: readonly File[] = [], onProgress?: (p: UploadProgress) => void) {
    const path = 'code' in proof ? `/track/${encodeURIComponent(proof.code)}/messages` : `/citizen-replies/${encodeURIComponent(proof.token)}/messages`;
    if (!photos.length) return this.send<CitizenMessageAnswer>(path, { message });
    const form = new FormData();
    form.append('message', message);
    for (const file of photos) form.append('photos', file, file.name);
    return this.upload<CitizenMessageAnswer>(this.url(path, {}), form, {}, onProgress);
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
    if (!res.ok) throw errorOf(res.status, res.statusText, body);
    return body as T;
  }

  private upload<T>(url: string, form: FormData, headers: Record<string, string>, onProgress?: (p: UploadProgress) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = false;
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      if (onProgress) {
        xhr.upload.addEventListener('progress', (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : undefined }));
      }
      xhr.addEventListener('load', () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
        else reject(errorOf(xhr.status, xhr.statusText, body));
      });
      // A refused upload (the server may close the connection before reading it all) lands here too.
      const failed = () => reject(new ApiError(0, 'network', 'network error'));
      xhr.addEventListener('error', failed);
      xhr.addEventListener('timeout', failed);
      xhr.send(form);
    });
  }
}

/** The server's JSON error shape as an `ApiError`. */
function errorOf(status: number, statusText: string, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: { fields?: FieldError[] } } })?.error;
  return new ApiError(status, e?.code ?? 'http_error', e?.message ?? statusText, e?.details?.fields ?? []);
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
