import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import { type Config, SegnalaApi } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import { AnnouncerController } from '../controllers/announcer.ts';
import { HashRouteController } from '../controllers/hash-route.ts';
import { LanguageController } from '../controllers/language.ts';
import { ViewFocusController } from '../controllers/view-focus.ts';
import { type AdminLoginDetail, type AdminLogoutDetail, emit } from '../events.ts';
import { baseStyles } from '../styles.ts';
import { AdminApi, AdminApiError, type Catalog, type Session } from './admin-api.ts';
import { type AdminContext, type AdminRoute, hashToRoute, routeToHash } from './admin-context.ts';
import { adminTranslator } from './admin-i18n.ts';
import { adminStyles } from './admin-styles.ts';
import styles from './segnala-admin.styles.ts';
import { SessionStore } from './session-store.ts';
import './views/login-view.ts';
import './views/queue-view.ts';
import './views/report-view.ts';
import './views/stats-view.ts';
import './views/settings-view.ts';
import { newReportLabel } from './views/staff-filing-button.words.ts';
import { accountLabel } from './views/account-button.words.ts';

/** Views of the console downloaded when first opened: a clerk who never plans never loads them. */
const lazyPieces = {
  planning: () => import('./views/planning-view.ts'),
  mail: () => import('./views/failed-mail-view.ts'),
  account: () => import('./views/account-view.ts'),
  new: () => import('./views/staff-filing-view.ts'),
  /** A mailed link to set a new password, opened before any login. */
  reset: () => import('./views/password-reset-view.ts'),
};
type LazyPiece = keyof typeof lazyPieces;

// The header below and the `@property()` fields' comments are the element's public contract:
// `npm run manifest` turns them into custom-elements.json, the declarations for TypeScript and the
// README's tables.
/**
 * The staff console of one municipality: login, the queue of reports, each report's page with every
 * action, statistics, planning, the account page and, for admins, the settings (README, "The staff
 * console"). Talks to the staff API with a bearer token kept in `sessionStorage`. Built as its own
 * bundle: citizens never download it.
 *
 * @event {CustomEvent<{ email: string; role: 'admin' | 'staff' }>} segnala-admin-login - A member of staff logged in; `detail` says who, for the municipality's own page around the console.
 * @event {CustomEvent<{ expired: boolean }>} segnala-admin-logout - The session ended: logged out, or `expired` when the server no longer accepted it.
 *
 * @csspart base - The console's outer box.
 * @csspart header - The bar with the user's name and the logout button.
 * @csspart nav - The bar of sections.
 * @csspart tab - Each section link.
 * @csspart view - The box holding the current view.
 *
 * @cssproperty [--segnala-primary=#0066cc] - Main colour. Every other `--segnala-*` property of `<segnala-widget>` applies here too.
 * @cssproperty [--segnala-danger-background=#fdf0f2] - Background of overdue badges and error notices.
 * @cssproperty [--segnala-row-hover=#f5f9fd] - Background of a row of the queue under the pointer.
 */
@customElement('segnala-admin')
export class SegnalaAdmin extends LitElement {
  static override styles = [baseStyles, adminStyles, styles];

  /** Base URL of the Segnala server; the page's own origin when empty. */
  @property() api = '';

  /** The municipality's slug (e.g. `seravezza`). */
  @property() municipality = '';

  /** `it` (default) or `en`; when absent, the nearest `lang` of the page. */
  @property() override lang = '';

  /** Overrides the map tile URL template given by the server's config. */
  @property({ attribute: 'tile-url' }) tileUrl = '';

  @state() private config?: Config;
  /** Staff's list of offices and categories (retired ones too); loaded once logged in. */
  @state() private catalog?: Catalog;
  @state() private loadError?: string;
  @state() private session?: Session;
  /** Checking a stored session with the server before showing the console. */
  @state() private checking = false;
  @state() private loginMessage = '';
  @state() private loadedPieces = new Set<LazyPiece>();
  @state() private pieceFailed = false;

  private readonly requestedPieces = new Set<LazyPiece>();
  private store?: SessionStore;
  private client?: AdminApi;
  private ctx?: AdminContext;
  private loadAbort?: AbortController;

  private readonly language = new LanguageController(this);
  private readonly announcer = new AnnouncerController(this);
  // Still loading (the catalog after a login): the focus moves once the view is there.
  private readonly viewFocus = new ViewFocusController(this, '.view > :not([hidden]), segnala-admin-login, segnala-admin-password-reset');
  private readonly router = new HashRouteController<AdminRoute>(this, {
    toHash: routeToHash,
    fromHash: hashToRoute,
    home: () => ({ view: 'queue' }),
    moved: () => this.viewFocus.request(),
  });

  private get route() {
    return this.router.route;
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.loadAbort?.abort();
  }

  /**
   * Shows a view of the console.
   * @internal Its route type is the console's own; host pages link to `#segnala-admin/…` instead.
   */
  navigate(route: AdminRoute) {
    this.router.go(route);
  }

  /** Ends the session here and on the server. */
  async logout(): Promise<void> {
    const api = this.client;
    const token = this.session?.token;
    this.endSession(false);
    this.loginMessage = this.i18n.t('login.loggedOut');
    if (token) await api?.logout(token).catch(() => undefined);
  }

  private get i18n() {
    return this.ctx?.i18n ?? adminTranslator(this.language.lang);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('api') || changed.has('municipality')) this.start();
    this.ctx = this.config && this.session && this.catalog ? this.makeContext(this.config, this.catalog, this.session) : undefined;
    if (this.route.view === 'settings' && this.session && this.session.user.role !== 'admin') this.router.route = { view: 'queue' };
    const view = this.route.view;
    if (view in lazyPieces && !this.requestedPieces.has(view as LazyPiece)) void this.loadPiece(view as LazyPiece);
  }

  /** Fetches a lazy view's chunk once; a failure (a deploy, a lost connection) is shown with a retry. */
  private async loadPiece(piece: LazyPiece) {
    this.requestedPieces.add(piece);
    this.pieceFailed = false;
    try {
      await lazyPieces[piece]();
      this.loadedPieces = new Set(this.loadedPieces).add(piece);
    } catch {
      this.requestedPieces.delete(piece);
      if (this.route.view === piece) this.pieceFailed = true;
    }
  }

  private lazyView(piece: LazyPiece, view: () => TemplateResult) {
    if (this.loadedPieces.has(piece)) return view();
    const { t } = this.i18n;
    if (!this.pieceFailed) return html`<p class="muted" role="status">${t('loading')}</p>`;
    return html`<div class="notice error" role="alert">
      <p>${t('error.network')}</p>
      <button type="button" @click=${() => this.loadPiece(piece)}>${t('retry')}</button>
    </div>`;
  }

  private start() {
    if (!this.municipality) return;
    this.client = new AdminApi(this.api, this.municipality, () => this.session?.token, () => this.sessionExpired());
    this.store = new SessionStore(this.client.base);
    this.session = this.store.read();
    void this.load();
  }

  private async load() {
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    this.loadError = undefined;
    this.checking = !!this.session;
    try {
      const [config, me] = await Promise.all([
        new SegnalaApi(this.api, this.municipality).config(abort.signal),
        this.session ? this.client!.me(abort.signal).catch((err) => (err instanceof AdminApiError && err.status === 401 ? undefined : Promise.reject(err))) : undefined,
      ]);
      // Only with a session the server still accepts: a stale one would end again with a 401.
      const catalog = me && this.session ? await this.client!.catalog(abort.signal) : undefined;
      if (abort.signal.aborted) return;
      this.config = config;
      if (catalog) this.catalog = catalog;
      // The role or the offices may have changed since the session was stored.
      if (me && this.session) this.saveSession({ ...this.session, user: me.user });
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.loadError = err instanceof AdminApiError && err.status === 0 ? '' : (err as Error).message;
    } finally {
      if (!abort.signal.aborted) this.checking = false;
    }
  }

  /** The staff catalog after a login (the public config came before it). */
  private async loadCatalog() {
    this.loadError = undefined;
    try {
      this.catalog = await this.client!.catalog();
    } catch (err) {
      if (err instanceof AdminApiError && err.status === 401) return;
      this.loadError = err instanceof AdminApiError && err.status === 0 ? '' : (err as Error).message;
    }
  }

  /** Offices or categories changed in the settings: the filters and forms need the new lists. */
  private async refreshConfig() {
    try {
      // Past the browser cache: the public config may be cached for a minute.
      const [res, catalog] = await Promise.all([
        fetch(`${new SegnalaApi(this.api, this.municipality).base}/config`, { cache: 'no-cache', credentials: 'omit' }),
        this.client!.catalog(),
      ]);
      if (res.ok) this.config = (await res.json()) as Config;
      this.catalog = catalog;
    } catch {
      /* the old lists stay until the next load */
    }
  }

  private saveSession(session: Session) {
    this.session = session;
    this.store?.write(session);
  }

  private endSession(expired: boolean) {
    const had = !!this.session;
    this.session = undefined;
    this.catalog = undefined;
    this.store?.clear();
    this.viewFocus.request();
    if (had) emit<AdminLogoutDetail>(this, 'segnala-admin-logout', { expired });
  }

  private sessionExpired() {
    if (!this.session) return;
    this.endSession(true);
    this.loginMessage = this.i18n.t('login.expired');
  }

  private onLoggedIn(session: Session) {
    this.loginMessage = '';
    this.saveSession(session);
    void this.loadCatalog();
    if (this.route.view === 'settings' && session.user.role !== 'admin') this.router.route = { view: 'queue' };
    this.viewFocus.request();
    emit<AdminLoginDetail>(this, 'segnala-admin-login', { email: session.user.email, role: session.user.role });
  }

  /** The reset page is done: its link leaves the address bar and history, the login follows. */
  private onResetDone({ email, message }: { email: string; message: string }) {
    history.replaceState(history.state, '', routeToHash({ view: 'queue' }));
    this.router.route = { view: 'queue' };
    // The new password ended every session of that account, this one too if it was that account's.
    if (email && this.session?.user.email === email) this.endSession(false);
    this.loginMessage = message;
    this.viewFocus.request();
  }

  private makeContext(config: Config, catalog: Catalog, session: Session): AdminContext {
    const lang = this.language.lang;
    const i18n = this.ctx?.i18n.lang === lang ? this.ctx.i18n : adminTranslator(lang);
    const announce = (message: string) => this.announcer.announce(message);
    const widget = {
      api: this.ctx?.widget.api ?? new SegnalaApi(this.api, this.municipality),
      config,
      i18n: i18n.base,
      tileUrl: this.tileUrl || config.map.tileUrl,
      tileAttribution: config.map.tileAttribution ?? '',
      announce,
      navigate: () => undefined,
    } as unknown as WidgetContext;
    return {
      api: this.client!,
      config,
      catalog,
      user: session.user,
      i18n,
      widget,
      announce,
      navigate: (route) => this.navigate(route),
    };
  }

  private renderNav(ctx: AdminContext) {
    const { t } = ctx.i18n;
    const active = this.route.view === 'report' ? 'queue' : this.route.view;
    const tabs: [AdminRoute['view'], string][] = [
      ['queue', t('nav.queue')],
      ['stats', t('nav.stats')],
      ['planning', t('nav.planning')],
      ['mail', t('nav.mail')],
    ];
    if (ctx.user.role === 'admin') tabs.push(['settings', t('nav.settings')]);
    return html`<nav part="nav" aria-label=${t('nav.label')}>
      <ul>
        ${tabs.map(
          ([view, label]) => html`<li>
            <a
              part="tab"
              href=${`#segnala-admin/${view}`}
              aria-current=${view === active ? 'page' : nothing}
              @click=${(e: Event) => {
                e.preventDefault();
                this.navigate({ view } as AdminRoute);
              }}
              >${label}</a
            >
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  private renderView(ctx: AdminContext) {
    const r = this.route;
    switch (r.view) {
      case 'report':
        return html`<segnala-admin-report .ctx=${ctx} .reference=${r.reference}></segnala-admin-report>`;
      case 'stats':
        return html`<segnala-admin-stats .ctx=${ctx}></segnala-admin-stats>`;
      case 'planning':
        return this.lazyView('planning', () => html`<segnala-admin-planning .ctx=${ctx}></segnala-admin-planning>`);
      case 'account':
        return this.lazyView('account', () => html`<segnala-admin-account .ctx=${ctx}></segnala-admin-account>`);
      case 'new':
        return this.lazyView('new', () => html`<segnala-admin-new-report .ctx=${ctx}></segnala-admin-new-report>`);
      case 'mail':
        return this.lazyView('mail', () => html`<segnala-admin-failed-mail .ctx=${ctx}></segnala-admin-failed-mail>`);
      case 'settings':
        return html`<segnala-admin-settings .ctx=${ctx} @segnala-admin-config-changed=${() => this.refreshConfig()}></segnala-admin-settings>`;
      default:
        return html`<segnala-admin-queue .ctx=${ctx}></segnala-admin-queue>`;
    }
  }

  private renderBody() {
    const i18n = this.i18n;
    if (this.loadError !== undefined) {
      return html`<div class="notice error" role="alert">
        <p>${this.loadError ? i18n.t('error.load', { message: this.loadError }) : i18n.t('error.network')}</p>
        <button type="button" @click=${() => this.load()}>${i18n.t('retry')}</button>
      </div>`;
    }
    const route = this.route;
    if (route.view === 'reset') {
      return this.lazyView('reset', () => html`<segnala-admin-password-reset .i18n=${i18n} .api=${this.client} .token=${route.token}
        @segnala-admin-reset-done=${(e: CustomEvent<{ email: string; message: string }>) => this.onResetDone(e.detail)}></segnala-admin-password-reset>`);
    }
    // Logged in, the catalog on its way: a moment of "loading", not the login form again.
    if (!this.config || this.checking || (this.session && !this.catalog)) return html`<p class="muted" role="status">${i18n.t('loading')}</p>`;
    const ctx = this.ctx;
    if (!ctx) {
      return html`<segnala-admin-login
        .i18n=${i18n}
        .api=${this.client}
        .municipalityName=${this.config.municipality.name}
        .message=${this.loginMessage}
        @segnala-admin-session=${(e: CustomEvent<Session>) => this.onLoggedIn(e.detail)}
      ></segnala-admin-login>`;
    }
    const { t } = ctx.i18n;
    return html`<header part="header">
        <p class="who">
          ${t('user.signedInAs', { name: '' })}<strong>${ctx.user.name}</strong>
          <span class="muted">(${t(ctx.user.role === 'admin' ? 'user.role.admin' : 'user.role.staff')})</span>
        </p>
        <span class="header-actions">
          <button type="button" class="small new-report" aria-current=${this.route.view === 'new' ? 'page' : nothing}
            @click=${() => this.navigate({ view: 'new' })}>${newReportLabel[ctx.i18n.lang]}</button>
          <button type="button" class="small account" aria-current=${this.route.view === 'account' ? 'page' : nothing}
            @click=${() => this.navigate({ view: 'account' })}>${accountLabel[ctx.i18n.lang]}</button>
          <button type="button" class="small" @click=${() => this.logout()}>${t('logout')}</button>
        </span>
      </header>
      ${this.renderNav(ctx)}
      <div class="view" part="view">${cache(this.renderView(ctx))}</div>`;
  }

  override render() {
    const i18n = this.i18n;
    const name = this.config?.municipality.name;
    return html`<section class="base" part="base" lang=${i18n.lang} aria-label=${name ? `${i18n.t('console.label')} – ${name}` : i18n.t('console.label')}>
      ${this.renderBody()}
      ${this.announcer.render()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin': SegnalaAdmin;
  }
}
