import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import { ApiError, type Config, SegnalaApi, type Street } from './api.ts';
import { type Route, type WidgetContext, hashToRoute, routeToHash } from './context.ts';
import { AnnouncerController } from './controllers/announcer.ts';
import { HashRouteController } from './controllers/hash-route.ts';
import { LanguageController } from './controllers/language.ts';
import { ViewFocusController } from './controllers/view-focus.ts';
import { type Lang, chunkErrorText, hasCatalogue, loadCatalogue, translator } from './i18n.ts';
import { type ViewChangeDetail, emit } from './events.ts';
import { baseStyles } from './styles.ts';
import styles from './segnala-widget.styles.ts';
import { SupporterStore } from './supporter.ts';
import { loadMapModule } from './views/report-map-view.ts';

/**
 * The first view (map and list) is in this file's bundle; every other view is a chunk of its own
 * (vite.config.ts), fetched the first time the citizen opens it, from next to this file.
 */
const viewModules: Record<Exclude<Route['view'], 'map'>, () => Promise<unknown>> = {
  report: () => import('./views/report-detail-view.ts'),
  new: () => import('./views/new-report-view.ts'),
  track: () => import('./views/track-view.ts'),
  streets: () => import('./views/streets-view.ts'),
  link: () => import('./views/link-view.ts'),
  stats: () => import('./views/stats-view.ts'),
};
type LazyView = keyof typeof viewModules;

export type { ReportFiledDetail, SupportAddedDetail, ViewChangeDetail } from './events.ts';

type ViewName = 'map' | 'list' | 'new' | 'track' | 'streets' | 'stats';

// The header below and the `@property()` fields' comments are the element's public contract: `npm run manifest` turns it into
// custom-elements.json, the declarations for TypeScript and the README's tables. The events' `detail`
// types are written out in full because sites never see widget/events.ts;
// test/server/custom-elements.test.ts checks that they equal the ones declared there.
/**
 * Citizen reports for one municipality: map and list of public reports, report detail with
 * "Mi associo", the three-step filing flow of the national model, tracking by code, and streets.
 * Embedded in any page with one script tag; everything lives in its shadow root.
 *
 * @event {CustomEvent<{ reference: string; status: 'submitted' | 'accepted' | 'in_progress' | 'scheduled' | 'waiting_for_citizen' | 'resolved' | 'rejected' | 'duplicate' | 'hidden'; published: boolean }>} segnala-report-filed - A report was filed from this browser; `published` says whether the public can see it yet. Never carries the tracking code.
 * @event {CustomEvent<{ reference: string; supportCount: number }>} segnala-support-added - This browser joined a report ("Mi associo"); `supportCount` is the report's new count.
 * @event {CustomEvent<{ view: 'map' | 'report' | 'new' | 'track' | 'streets' | 'stats' | 'link'; reference?: string; streetId?: number }>} segnala-view-change - The citizen moved to another view (`reference` for a report's page, `streetId` for a street's). Never carries a tracking code or a mailed link's token.
 *
 * @csspart base - The widget's outer box.
 * @csspart nav - The bar of sections.
 * @csspart tab - Each section link in the bar (`aria-current="page"` on the active one).
 * @csspart view - The box holding the current view.
 * @csspart status - Status badges (in every view).
 * @csspart button - Buttons (in every view).
 * @csspart primary-button - The main action of a view ("Avanti", "Conferma e invia", "Mi associo").
 * @csspart map - Map containers.
 *
 * @cssproperty [--segnala-primary=#0066cc] - Main colour (links, buttons, active section).
 * @cssproperty [--segnala-primary-dark=#004d99] - Hover colour of primary buttons.
 * @cssproperty [--segnala-on-primary=#ffffff] - Text on the main colour.
 * @cssproperty [--segnala-text=#1a1a1a] - Text colour.
 * @cssproperty [--segnala-muted=#5c6f82] - Secondary text.
 * @cssproperty [--segnala-background=#ffffff] - Background of the widget.
 * @cssproperty [--segnala-surface=#f2f7fc] - Background of notices and selected rows.
 * @cssproperty [--segnala-border=#c5c7c9] - Borders.
 * @cssproperty [--segnala-danger=#cc334d] - Error borders.
 * @cssproperty [--segnala-danger-text=#a8243b] - Error text.
 * @cssproperty [--segnala-success=#008055] - Success notices.
 * @cssproperty [--segnala-focus=#ff9900] - Focus ring.
 * @cssproperty [--segnala-radius=4px] - Corner radius.
 * @cssproperty [--segnala-font-family='Titillium Web', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif] - Font.
 * @cssproperty [--segnala-font-size=1rem] - Base font size.
 * @cssproperty [--segnala-map-height=420px] - Height of the maps.
 * @cssproperty [--segnala-map-height-small=300px] - Height of the map above the list on screens up to 760px wide.
 * @cssproperty [--segnala-status-new=#995c00] - Colour of "Inviata".
 * @cssproperty [--segnala-status-open=#0066cc] - Colour of statuses being handled.
 * @cssproperty [--segnala-status-resolved=#00804d] - Colour of "Risolta".
 * @cssproperty [--segnala-status-closed=#5c6f82] - Colour of the other closed statuses.
 */
@customElement('segnala-widget')
export class SegnalaWidget extends LitElement {
  static override styles = [baseStyles, styles];

  /** Base URL of the Segnala server (e.g. `https://segnala.example.org`); the page's own origin when empty. */
  @property() api = '';

  /** The municipality's slug (e.g. `seravezza`). */
  @property() municipality = '';

  /** `it` (default) or `en`; when absent, the nearest `lang` of the page (`<html lang>`). */
  @property() override lang = '';

  /** First view when the URL names none. `list` is the list of reports with its filters, without the map: the map's code is not downloaded until the citizen presses "Mostra la mappa", the lightest way in on a phone. `stats` is the public statistics, where the municipality publishes open data. */
  @property() view: ViewName = 'map';

  /** Fixes the widget to one street (its id, or its name): its reports, new reports there. */
  @property() street = '';

  /** Preselects a category (its id) in the filters and in the new-report form. */
  @property() category = '';

  /** Overrides the map tile URL template given by the server's config. */
  @property({ attribute: 'tile-url' }) tileUrl = '';

  @state() private config?: Config;
  @state() private loadError?: string;
  @state() private fixedStreet?: Street;
  /** Views whose chunk has loaded, and whether the last attempt for the current one failed. */
  @state() private loadedViews = new Set<Route['view']>(['map']);
  @state() private viewLoadFailed = false;
  /** The view on screen: the previous one stays while the next one's chunk downloads. */
  private shownRoute?: Route;
  /** The route whose view's chunk was last asked for. */
  private viewRequested?: Route;

  private ctx?: WidgetContext;
  private loadAbort?: AbortController;

  /** The English words are a chunk of their own, fetched only for an English page. */
  private readonly language = new LanguageController(this, { has: hasCatalogue, load: loadCatalogue });
  private readonly announcer = new AnnouncerController(this);
  // A view still loading gets the focus once it is there.
  private readonly viewFocus = new ViewFocusController(this, '.view > :not([hidden])', () => !!this.config && this.loadedViews.has(this.route.view));
  private readonly router = new HashRouteController<Route>(this, {
    toHash: routeToHash,
    // Back to a URL without hash: the first view. Other anchors of the host page are not ours.
    fromHash: (hash) => hashToRoute(hash) ?? (hash === '' ? this.routeFromViewAttribute() : undefined),
    home: () => this.routeFromViewAttribute(),
    moved: () => this.viewFocus.request(),
  });

  private get route() {
    return this.router.route;
  }

  override connectedCallback() {
    super.connectedCallback();
    // The map is the first view: its chunk (Leaflet) downloads while the config is being fetched.
    if (this.view !== 'list' && (hashToRoute(location.hash)?.view ?? 'map') === 'map') void loadMapModule().catch(() => {});
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.loadAbort?.abort();
  }

  /**
   * Shows a view, as the section bar and the links inside the widget do.
   * @internal Its route type is the widget's own; host pages set the `view` attribute or the URL hash.
   */
  navigate(route: Route) {
    this.router.go(route);
    // Only what the header promises: a route may hold a tracking code or a mailed link's token.
    const detail: ViewChangeDetail =
      route.view === 'report' ? { view: route.view, reference: route.reference } : route.view === 'streets' && route.streetId ? { view: route.view, streetId: route.streetId } : { view: route.view };
    emit(this, 'segnala-view-change', detail);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (this.hasUpdated && changed.has('view') && !hashToRoute(location.hash)) this.router.route = this.routeFromViewAttribute();
    if (changed.has('api') || changed.has('municipality') || changed.has('street')) void this.load();
    // Without its words (a failed chunk) the widget still works, in Italian, under the notice.
    if (this.config && this.language.ready) this.ctx = this.makeContext(this.config);
    if (this.route !== this.viewRequested) {
      this.viewRequested = this.route;
      void this.loadView(this.route.view);
    }
  }

  /** Fetches a view's chunk once; a failure is shown with a retry (a deploy, a lost connection). */
  private async loadView(view: Route['view']) {
    if (this.loadedViews.has(view)) return;
    this.viewLoadFailed = false;
    try {
      await viewModules[view as LazyView]();
      this.loadedViews = new Set(this.loadedViews).add(view);
    } catch {
      if (this.route.view === view) this.viewLoadFailed = true;
    }
  }

  private routeFromViewAttribute(): Route {
    const v = this.view;
    return v === 'new' || v === 'track' || v === 'streets' || v === 'stats' ? { view: v } : { view: 'map' };
  }

  private async load() {
    if (!this.municipality) return;
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    this.loadError = undefined;
    const api = new SegnalaApi(this.api, this.municipality);
    try {
      const [config, street] = await Promise.all([api.config(abort.signal), this.resolveStreet(api, abort.signal)]);
      if (abort.signal.aborted) return;
      this.fixedStreet = street;
      this.config = config;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.loadError = err instanceof ApiError && err.status === 0 ? '' : (err as Error).message;
    }
  }

  private async resolveStreet(api: SegnalaApi, signal: AbortSignal): Promise<Street | undefined> {
    const wanted = this.street.trim();
    if (!wanted) return undefined;
    if (/^\d+$/.test(wanted)) {
      try {
        return (await api.street(Number(wanted), signal)).street;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      }
    }
    const { streets } = await api.searchStreets(wanted, 1, signal);
    return streets[0];
  }

  private makeContext(config: Config): WidgetContext {
    const i18n = translator(this.language.lang);
    const prev = this.ctx;
    const category = Number(this.category);
    return {
      api: prev?.config === config ? prev.api : new SegnalaApi(this.api, this.municipality),
      config,
      i18n,
      supporters: prev?.supporters ?? new SupporterStore(this.municipality),
      tileUrl: this.tileUrl || config.map.tileUrl,
      tileAttribution: config.map.tileAttribution ?? '',
      fixedStreet: this.fixedStreet,
      presetCategory: config.categories.some((c) => c.id === category) ? category : undefined,
      announce: (message) => this.announcer.announce(message),
      navigate: (route) => this.navigate(route),
    };
  }

  private renderNav(ctx: WidgetContext) {
    const { t } = ctx.i18n;
    const active = this.route.view === 'report' ? 'map' : this.route.view;
    const tabs: [Route['view'], string][] = [
      ['map', t('nav.map')],
      ['new', t('nav.new')],
      ['track', t('nav.track')],
    ];
    if (!ctx.fixedStreet) tabs.push(['streets', t('nav.streets')]);
    if (ctx.config.publicStats) tabs.push(['stats', t('nav.stats')]);
    return html`<nav part="nav" aria-label=${t('nav.label')}>
      <ul>
        ${tabs.map(
          ([view, label]) => html`<li>
            <a
              part="tab"
              href=${`#segnala/${view}`}
              aria-current=${view === active ? 'page' : nothing}
              @click=${(e: Event) => {
                e.preventDefault();
                this.navigate({ view } as Route);
              }}
              >${label}</a
            >
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  private renderView(ctx: WidgetContext, r: Route) {
    switch (r.view) {
      case 'report':
        return html`<segnala-report-detail exportparts="status,button,primary-button,map" .ctx=${ctx} .reference=${r.reference}></segnala-report-detail>`;
      case 'new':
        return html`<segnala-new-report exportparts="status,button,primary-button,map" .ctx=${ctx} .presetStreet=${r.street}></segnala-new-report>`;
      case 'track':
        return html`<segnala-track exportparts="status,button,primary-button" .ctx=${ctx} .code=${r.code ?? ''}></segnala-track>`;
      case 'streets':
        return html`<segnala-streets exportparts="status,button,primary-button" .ctx=${ctx} .streetId=${r.streetId}></segnala-streets>`;
      case 'stats':
        return html`<segnala-stats exportparts="button" .ctx=${ctx}></segnala-stats>`;
      case 'link':
        return html`<segnala-link exportparts="status,button,primary-button" .ctx=${ctx} .purpose=${r.purpose} .token=${r.token}></segnala-link>`;
      default:
        return html`<segnala-report-map exportparts="status,button,primary-button,map" .ctx=${ctx} ?list-first=${this.view === 'list'}></segnala-report-map>`;
    }
  }

  private renderViewLoading(lang: Lang) {
    if (this.loadedViews.has(this.route.view)) return nothing;
    if (!this.viewLoadFailed) return html`<p class="muted" role="status">${translator(lang).t('loading')}</p>`;
    // Said without the language's catalogue: that may be the very piece that failed.
    const text = chunkErrorText[lang];
    return html`<div class="notice error" role="alert">
      <p>${text.message}</p>
      <button type="button" part="button" @click=${() => this.loadView(this.route.view)}>${text.retry}</button>
    </div>`;
  }

  override render() {
    if (this.loadedViews.has(this.route.view)) this.shownRoute = this.route;
    const lang = this.language.lang;
    const i18n = this.ctx?.i18n ?? translator(lang);
    const ctx = this.ctx;
    const failed = chunkErrorText[lang];
    return html`<section class="base" part="base" lang=${i18n.lang} aria-label=${ctx?.config.municipality.name ? `${i18n.t('widget.label')} – ${ctx.config.municipality.name}` : i18n.t('widget.label')}>
      ${this.language.failed
        ? html`<div class="notice error" role="alert" lang=${lang}>
            <p>${failed.message}</p>
            <button type="button" part="button" @click=${() => this.language.load()}>${failed.retry}</button>
          </div>`
        : nothing}
      ${this.loadError !== undefined
        ? html`<div class="notice error" role="alert">
            <p>${this.loadError ? i18n.t('error.load', { message: this.loadError }) : i18n.t('error.network')}</p>
            <button type="button" part="button" @click=${() => this.load()}>${i18n.t('retry')}</button>
          </div>`
        : !ctx
          ? html`<p class="muted" role="status">${i18n.t('loading')}</p>`
          : html`${this.renderNav(ctx)} ${this.renderViewLoading(i18n.lang)}
              <div class="view" part="view">${this.shownRoute ? cache(this.renderView(ctx, this.shownRoute)) : nothing}</div>`}
      ${this.announcer.render()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-widget': SegnalaWidget;
  }
}
