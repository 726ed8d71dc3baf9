/**
 * Typed client for the staff API (`/api/v1/{municipality}/admin`). The bearer token comes from the
 * console's session; a 401 on any call but login ends that session (the console shows the login
 * again). Failures are `ApiError`s like the citizen client's, plus the server's `details`.
 */
import { ApiError, type FieldError } from '../api.ts';
import type { Answer, FiltersOf, JsonBody, QueryOf, StaffRoutes } from '../contract.ts';

import type { QueueFilters as ReadQueueFilters } from '../../server/services/staff-queue.ts';
import type { StatsFilters as ReadStatsFilters } from '../../server/services/stats.ts';

export type { StaffRole } from '../../server/services/staff-auth.ts';

type LoginAnswer = Answer<StaffRoutes['login']['$post']>;
/** `POST /admin/login` (or `/login/totp`, its second step): the session's bearer token, its user and when it ends. */
export type Session = Exclude<LoginAnswer, { totpRequired: true }>;
/** `POST /admin/login` for an account with two-step login: the challenge for its code, or for enrolling. */
export type LoginChallenge = Extract<LoginAnswer, { totpRequired: true }>;
export type StaffUser = Session['user'];

/** `GET /admin/reports`: a page of the queue, with contacts and deadlines. */
export type QueuePage = Answer<StaffRoutes['reports']['$get']>;
export type QueueItem = QueuePage['reports'][number];
type QueueQuery = QueryOf<StaffRoutes['reports']['$get']>;
export type QueueSort = NonNullable<QueueQuery['sort']>;

/** The queue's filters as the console holds them: as the server reads them from the query text. */
export type QueueFilters = FiltersOf<QueueQuery, Partial<Omit<ReadQueueFilters, 'cursor' | 'limit'>>>;

/** `GET /admin/reports/{reference}`: everything staff see of a report. */
export type StaffReport = Answer<StaffRoutes['reports'][':reference']['$get']>;
export type StaffEvent = StaffReport['events'][number];
/** A photo as staff see it: URLs of the staff API (they need the bearer token), hidden ones included. */
export type StaffPhoto = StaffReport['photos'][number];

/** Every office and category of the municipality, retired categories included (`GET /admin/catalog`). */
export type Catalog = Answer<StaffRoutes['catalog']['$get']>;

/** `POST /admin/reports/bulk`: one action on a selection of the queue, and what it changed. */
export type BulkRequest = JsonBody<StaffRoutes['reports']['bulk']['$post']>;
export type BulkAction = BulkRequest['action'];
export type BulkAnswer = Answer<StaffRoutes['reports']['bulk']['$post']>;
/** Someone who can be given reports: `GET /admin/catalog`'s active staff with their offices. */
export type OfficeMember = Catalog['staff'][number];

/** `GET /admin/bodies`: the outside bodies (README "Outside bodies"), and what writes them. */
export type OutsideBodies = Answer<StaffRoutes['bodies']['$get']>;
export type OutsideBody = OutsideBodies['bodies'][number];
export type NewOutsideBody = JsonBody<StaffRoutes['bodies']['$post']>;
export type OutsideBodyChange = JsonBody<StaffRoutes['bodies'][':id']['$patch']>;
export type Forward = JsonBody<StaffRoutes['reports'][':reference']['forward']['$post']>;

/** `POST /admin/reports/{reference}/status`: a status id, or `unhidden` to end moderation. */
export type StatusChange = JsonBody<StaffRoutes['reports'][':reference']['status']['$post']>;

/** `GET /admin/stats`. */
export type Stats = Answer<StaffRoutes['stats']['$get']>;
export type Durations = Stats['timeToAccept'];
export type StatsFilters = FiltersOf<QueryOf<StaffRoutes['stats']['$get']>, ReadStatsFilters>;

/** `GET /admin/settings`: the municipality's settings, offices, categories and staff. */
export type Settings = Answer<StaffRoutes['settings']['$get']>;
export type MunicipalitySettings = Settings['municipality'];
export type DepartmentSettings = Settings['departments'][number];
export type CategorySettings = Settings['categories'][number];
export type StaffAccount = Settings['staff'][number];
export type MunicipalityChange = JsonBody<StaffRoutes['settings']['$patch']>;
/** `GET /admin/failed-mails`: the notification e-mails the sender gave up on. */
export type FailedMails = Answer<StaffRoutes['failed-mails']['$get']>;
/** `GET /admin/settings-changes`: a page of who changed what in the settings, the latest first. */
export type SettingsChanges = Answer<StaffRoutes['settings-changes']['$get']>;
export type NewDepartment = JsonBody<StaffRoutes['departments']['$post']>;
export type DepartmentChange = JsonBody<StaffRoutes['departments'][':id']['$patch']>;
export type NewCategory = JsonBody<StaffRoutes['categories']['$post']>;
export type CategoryChange = JsonBody<StaffRoutes['categories'][':id']['$patch']>;
export type NewStaffAccount = JsonBody<StaffRoutes['staff']['$post']>;
export type StaffAccountChange = JsonBody<StaffRoutes['staff'][':id']['$patch']>;

/** A new TOTP secret: as text for typing into the app, and as an `otpauth://` URI for its QR code. */
export type TotpSetup = Answer<StaffRoutes['me']['totp']['setup']['$post']>;

/** `GET /admin/me/sessions`: one's own live sessions. */
export type OwnSessions = Answer<StaffRoutes['me']['sessions']['$get']>;
export type OwnSession = OwnSessions['sessions'][number];

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
    return this.request<LoginAnswer>('POST', '/login', { body: { email, password }, anonymous: true });
  }

  /** The second step of a login: the code of the authenticator app (and, when enrolling, its confirmation). */
  loginTotp(challenge: string, code: string) {
    return this.request<Session>('POST', '/login/totp', { body: { challenge, code }, anonymous: true });
  }

  /** Enrolling at login, when an admin requires two-step login: the new secret to add to the app. */
  loginTotpSetup(challenge: string) {
    return this.request<TotpSetup>('POST', '/login/totp/setup', { body: { challenge }, anonymous: true });
  }

  /** Ends a session on the server; the token is given because the console forgets it first. */
  async logout(token: string) {
    await this.request<void>('POST', '/logout', { quiet401: true, token });
  }

  me(signal?: AbortSignal) {
    return this.request<Answer<StaffRoutes['me']['$get']>>('GET', '/me', { signal });
  }

  queue(filters: QueueFilters, cursor?: string, limit = 50, signal?: AbortSignal) {
    return this.request<QueuePage>('GET', '/reports', { query: { ...queueQuery(filters), cursor, limit }, signal });
  }

  /**
   * The filtered queue as CSV (UTF-8 with BOM), as a Blob to offer for download. Without the
   * reporters' contacts unless an admin asks for them (`contacts`): that export is recorded.
   */
  async csv(filters: QueueFilters, { contacts = false }: { contacts?: boolean } = {}): Promise<Blob> {
    const res = await this.fetch('GET', this.url('/reports.csv', { ...queueQuery(filters), contacts: contacts ? 'true' : undefined }), {});
    return res.blob();
  }

  /** The filtered queue as GeoJSON for a GIS (no contact data), as a Blob to offer for download. */
  async geojson(filters: QueueFilters): Promise<Blob> {
    const res = await this.fetch('GET', this.url('/reports.geojson', queueQuery(filters)), {});
    return res.blob();
  }

  report(reference: string, signal?: AbortSignal) {
    return this.request<StaffReport>('GET', `/reports/${encodeURIComponent(reference)}`, { signal });
  }

  changeStatus(reference: string, change: StatusChange) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['status']['$post']>>(
      'POST',
      `/reports/${encodeURIComponent(reference)}/status`,
      { body: change },
    );
  }

  reply(reference: string, message: string, internal: boolean) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['replies']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/replies`, { body: { message, internal } });
  }

  assign(reference: string, to: JsonBody<StaffRoutes['reports'][':reference']['assign']['$post']>) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['assign']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/assign`, { body: to });
  }

  /** Gives the report to a member of its office, or back to the office as a whole (null). */
  setAssignee(reference: string, assigneeId: number | null, version: number) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['assignee']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/assignee`, {
      body: { assigneeId, version },
    });
  }

  /** One action on a selection of the queue, all or nothing (README, "Bulk actions"). */
  bulk(body: BulkRequest) {
    return this.request<BulkAnswer>('POST', '/reports/bulk', { body });
  }

  merge(reference: string, into: string, version: number) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['merge']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/merge`, {
      body: { into, version },
    });
  }

  /** A moderation edit of the public title and/or description, with its reason (README, staff API). */
  editText(reference: string, edit: JsonBody<StaffRoutes['reports'][':reference']['text']['$post']>) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['text']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/text`, { body: edit });
  }

  /** Moderates one photo; the report's version changes (an internal note is added to its history). */
  setPhotoHidden(reference: string, photoId: string, hidden: boolean) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['photos'][':photo']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/photos/${encodeURIComponent(photoId)}`, {
      body: { hidden },
    });
  }

  /** Publishes a citizen's message held for moderation, with its photos (issue 13 §1). */
  publishCitizenMessage(reference: string, eventId: string) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['events'][':event']['publish']['$post']>>(
      'POST',
      `/reports/${encodeURIComponent(reference)}/events/${encodeURIComponent(eventId)}/publish`,
      {},
    );
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

  /** One's own password, giving the current one (204; 400 on a wrong one, 429 past the login's limits). */
  changeOwnPassword(body: JsonBody<StaffRoutes['me']['password']['$post']>) {
    return this.request<void>('POST', '/me/password', { body });
  }

  /** One's own live sessions, the current one flagged (README, staff API `/me/sessions`). */
  ownSessions(signal?: AbortSignal) {
    return this.request<OwnSessions>('GET', '/me/sessions', { signal });
  }

  /** Ends one of one's own sessions (404 when it already ended). */
  closeOwnSession(id: string) {
    return this.request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`);
  }

  /** Ends every session of one's account but this one. */
  closeOtherSessions() {
    return this.request<Answer<StaffRoutes['me']['sessions']['close-others']['$post']>>('POST', '/me/sessions/close-others');
  }

  /** Whether one's own two-step login is on, and whether an admin requires it. */
  ownTotp(signal?: AbortSignal) {
    return this.request<Answer<StaffRoutes['me']['totp']['$get']>>('GET', '/me/totp', { signal });
  }

  /** A new secret for one's authenticator app, on only once confirmed with a code (`confirmOwnTotp`). */
  setUpOwnTotp() {
    return this.request<TotpSetup>('POST', '/me/totp/setup');
  }

  confirmOwnTotp(code: string) {
    return this.request<void>('POST', '/me/totp/confirm', { body: { code } });
  }

  /** Turns one's two-step login off, with the password or a current code; 409 when an admin requires it. */
  disableOwnTotp(body: JsonBody<StaffRoutes['me']['totp']['disable']['$post']>) {
    return this.request<void>('POST', '/me/totp/disable', { body });
  }

  /** Admins: whose accounts have two-step login, and whose must. */
  staffSecurity(signal?: AbortSignal) {
    return this.request<Answer<StaffRoutes['staff']['security']['$get']>>('GET', '/staff/security', { signal });
  }

  /** Admins: require (or stop requiring) two-step login of an account. */
  requireTotp(id: number, required: boolean) {
    return this.request<void>('POST', `/staff/${id}/totp-required`, { body: { required } });
  }

  /** Admins: remove an account's two-step login (a lost phone); it sets it up again at its next login if required. */
  removeTotp(id: number) {
    return this.request<void>('DELETE', `/staff/${id}/totp`);
  }

  /** Has a link to set a new password mailed to a colleague's account (admins); opening on `pageUrl`. */
  sendPasswordReset(id: number, pageUrl: string) {
    return this.request<Answer<StaffRoutes['staff'][':id']['password-reset']['$post']>>('POST', `/staff/${id}/password-reset`, { body: { pageUrl } });
  }

  /** Whose account a reset link is for; a 400 when it is not valid, used or expired. No session needed. */
  checkPasswordReset(token: string) {
    return this.request<Answer<StaffRoutes['password-reset']['check']['$post']>>('POST', '/password-reset/check', { body: { token }, anonymous: true });
  }

  /** Sets the new password with a reset link's token (204); every session of the account ends. */
  completePasswordReset(body: JsonBody<StaffRoutes['password-reset']['$post']>) {
    return this.request<void>('POST', '/password-reset', { body, anonymous: true });
  }

  /** Notification e-mails set aside after their last try (README, "E-mail notifications"). */
  failedMails(signal?: AbortSignal) {
    return this.request<FailedMails>('GET', '/failed-mails', { signal });
  }

  /** Puts a failed e-mail back in the sender's queue; 409 when it already was, or was sent. */
  retryFailedMail(id: string) {
    return this.request<Answer<StaffRoutes['failed-mails'][':id']['retry']['$post']>>('POST', `/failed-mails/${encodeURIComponent(id)}/retry`, {});
  }

  /** The page of changes before the change `before` (an id), or the latest. */
  settingsChanges(before: number | null, signal?: AbortSignal) {
    return this.request<SettingsChanges>('GET', '/settings-changes', { query: before === null ? {} : { before: String(before) }, signal });
  }

  updateMunicipality(patch: MunicipalityChange) {
    return this.request<Settings>('PATCH', '/settings', { body: patch });
  }

  createDepartment(d: NewDepartment) {
    return this.request<Answer<StaffRoutes['departments']['$post']>>('POST', '/departments', { body: d });
  }

  updateDepartment(id: number, d: DepartmentChange) {
    return this.request<void>('PATCH', `/departments/${id}`, { body: d });
  }

  createCategory(c: NewCategory) {
    return this.request<Answer<StaffRoutes['categories']['$post']>>('POST', '/categories', { body: c });
  }

  updateCategory(id: number, c: CategoryChange) {
    return this.request<void>('PATCH', `/categories/${id}`, { body: c });
  }

  createStaff(s: NewStaffAccount) {
    return this.request<Answer<StaffRoutes['staff']['$post']>>('POST', '/staff', { body: s });
  }

  updateStaff(id: number, s: StaffAccountChange) {
    return this.request<Answer<StaffRoutes['staff'][':id']['$patch']>>('PATCH', `/staff/${id}`, { body: s });
  }

  /** A new Open311 key for partners, given this once; the previous key stops working at once. */
  newOpen311Key() {
    return this.request<Answer<StaffRoutes['open311-key']['$post']>>('POST', '/open311-key');
  }

  /**
   * A GET of the staff API for the console's lazily loaded pieces (planning), which type their own
   * answers from the contract (`Answer<StaffRoutes[…]>`) and keep their calls in their own module.
   */
  read<T>(path: string, query: Query = {}, signal?: AbortSignal) {
    return this.request<T>('GET', path, { query, signal });
  }

  /** A file of the staff API (CSV, GeoJSON) as a Blob to offer for download. */
  async download(path: string, query: Query = {}): Promise<Blob> {
    return (await this.fetch('GET', this.url(path, query), {})).blob();
  }

  private url(path: string, query: Query = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  /** The municipality's response templates (README "Response templates"). */
  templates(signal?: AbortSignal) {
    return this.request<ResponseTemplates>('GET', '/templates', { signal });
  }

  createTemplate(t: NewResponseTemplate) {
    return this.request<ResponseTemplate>('POST', '/templates', { body: t });
  }

  updateTemplate(id: number, t: ResponseTemplateChange) {
    return this.request<ResponseTemplate>('PATCH', `/templates/${id}`, { body: t });
  }

  deleteTemplate(id: number) {
    return this.request<void>('DELETE', `/templates/${id}`);
  }

  /** The outside bodies reports can be forwarded to (README "Outside bodies"); only admins write them. */
  bodies(signal?: AbortSignal) {
    return this.request<OutsideBodies>('GET', '/bodies', { signal });
  }

  createBody(b: NewOutsideBody) {
    return this.request<OutsideBody>('POST', '/bodies', { body: b });
  }

  updateBody(id: number, b: OutsideBodyChange) {
    return this.request<OutsideBody>('PATCH', `/bodies/${id}`, { body: b });
  }

  /** Forwards the report to an outside body, who gets a mail with a signed link to post updates. */
  forward(reference: string, f: Forward) {
    return this.request<Answer<StaffRoutes['reports'][':reference']['forward']['$post']>>('POST', `/reports/${encodeURIComponent(reference)}/forward`, { body: f });
  }

  /**
   * A report taken by phone, e-mail or at the front desk, filed for the citizen (README "Reports
   * taken by phone"). The same `idempotencyKey` for every try of one filing: a clerk who sends
   * again after a lost answer gets the same report and code, not a second report.
   */
  fileForCitizen(body: StaffFiling, idempotencyKey: string) {
    return this.request<StaffFiled>('POST', '/reports', { body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  private async request<T>(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown; signal?: AbortSignal; anonymous?: boolean; quiet401?: boolean; token?: string; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const res = await this.fetch(method, this.url(path, opts.query), opts);
    if (res.status === 204) return undefined as T;
    return (await res.json().catch(() => undefined)) as T;
  }

  private async fetch(
    method: string,
    url: string,
    opts: { body?: unknown; signal?: AbortSignal; anonymous?: boolean; quiet401?: boolean; token?: string; cache?: RequestCache; headers?: Record<string, string> },
  ): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers };
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
    assignee: f.assignee,
    q: f.q?.trim() || undefined,
    overdue: f.overdue ? 'true' : undefined,
    reopened: f.reopened ? 'true' : undefined,
    from: f.from,
    to: f.to,
    sort: f.sort,
  };
}

/** `GET /admin/templates`: the municipality's response templates, by title (README "Response templates"). */
export type ResponseTemplates = Answer<StaffRoutes['templates']['$get']>;
export type ResponseTemplate = ResponseTemplates['templates'][number];
export type NewResponseTemplate = JsonBody<StaffRoutes['templates']['$post']>;
export type ResponseTemplateChange = JsonBody<StaffRoutes['templates'][':id']['$patch']>;

/** `POST /admin/reports`: a report staff file for a citizen who called, wrote or came in (issue 15 §3), and its reference and tracking code. */
export type StaffFiling = JsonBody<StaffRoutes['reports']['$post']>;
export type StaffFiled = Answer<StaffRoutes['reports']['$post']>;
