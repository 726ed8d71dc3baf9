import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import { ApiError, type Config, SegnalaApi, type Street } from './api.ts';
import { type Route, type WidgetContext, hashToRoute, routeToHash } from './context.ts';
import { type Lang, chunkErrorText, hasCatalogue, loadCatalogue, matchLang, translator } from './i18n.ts';
import { baseStyles } from './styles.ts';
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
};
type LazyView = keyof typeof viewModules;

export type { ReportFiledDetail, SupportAddedDetail } from './events.ts';

type ViewName = 'map' | 'list' | 'new' | 'track' | 'streets';

/**
 * Citizen reports for one municipality: map and list of public reports, report detail with
 * "Mi associo", the three-step filing flow of the national model, tracking by code, and streets.
 * Embedded in any page with one script tag; everything lives in its shadow root.
 *
 * @attr api - Base URL of the Segnala server (e.g. `https://segnala.example.org`); the page's own origin when empty.
 * @attr municipality - The municipality's slug (e.g. `seravezza`).
 * @attr lang - `it` (default) or `en`; when absent, the nearest `lang` of the page (`<html lang>`).
 * @attr view - First view when the URL names none: `map` (default), `list`, `new`, `track`, `streets`.
 * @attr street - Fixes the widget to one street (its id, or its name): its reports, new reports there.
 * @attr category - Preselects a category (its id) in the filters and in the new-report form.
 * @attr tile-url - Overrides the map tile URL template given by the server's config.
 *
 * @event segnala-report-filed - A report was filed. `detail: { reference, status, published }` (never the tracking code).
 * @event segnala-support-added - This browser joined a report ("Mi associo"). `detail: { reference, supportCount }`.
 * @event segnala-view-change - The view changed. `detail: { view, reference?, streetId? }`.
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
 * @cssproperty --segnala-primary - Main colour (links, buttons, active section). Default `#0066cc`.
 * @cssproperty --segnala-primary-dark - Hover colour of primary buttons. Default `#004d99`.
 * @cssproperty --segnala-on-primary - Text on the main colour. Default `#ffffff`.
 * @cssproperty --segnala-text - Text colour. Default `#1a1a1a`.
 * @cssproperty --segnala-muted - Secondary text. Default `#5c6f82`.
 * @cssproperty --segnala-background - Background of the widget. Default `#ffffff`.
 * @cssproperty --segnala-surface - Background of notices and selected rows. Default `#f2f7fc`.
 * @cssproperty --segnala-border - Borders. Default `#c5c7c9`.
 * @cssproperty --segnala-danger - Error borders; `--segnala-danger-text` error text. Defaults `#cc334d`, `#a8243b`.
 * @cssproperty --segnala-success - Success notices. Default `#008055`.
 * @cssproperty --segnala-focus - Focus ring. Default `#ff9900`.
 * @cssproperty --segnala-radius - Corner radius. Default `4px`.
 * @cssproperty --segnala-font-family - Font. Default `'Titillium Web', system-ui, sans-serif`.
 * @cssproperty --segnala-font-size - Base font size. Default `1rem`.
 * @cssproperty --segnala-map-height - Height of the maps. Default `420px`.
 * @cssproperty --segnala-status-new - Colour of "Inviata". Default `#995c00`.
 * @cssproperty --segnala-status-open - Colour of statuses being handled. Default `#0066cc`.
 * @cssproperty --segnala-status-resolved - Colour of "Risolta". Default `#00804d`.
 * @cssproperty --segnala-status-closed - Colour of the other closed statuses. Default `#5c6f82`.
 */
@customElement('segnala-widget')
export class SegnalaWidget extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .base {
        background: var(--_bg);
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0;
        list-style: none;
        margin: 0 0 1.25rem;
        padding: 0;
        border-bottom: 2px solid var(--_border);
      }
      nav a {
        display: block;
        padding: 0.65rem 1rem;
        color: var(--_primary);
        font-weight: 600;
        text-decoration: none;
        border-bottom: 4px solid transparent;
        margin-bottom: -2px;
      }
      nav a:hover {
        background: var(--_surface);
        text-decoration: underline;
      }
      nav a[aria-current='page'] {
        color: var(--_text);
        border-bottom-color: var(--_primary);
      }
      @media (max-width: 600px) {
        nav ul {
          display: grid;
          grid-template-columns: 1fr 1fr;
        }
        nav a {
          padding: 0.6rem 0.5rem;
          text-align: center;
        }
      }
    `,
  ];

  /** Base URL of the Segnala server; empty means the page's own origin. */
  @property() api = '';

  /** The municipality's slug. */
  @property() municipality = '';

  /** `it` or `en`; when absent the page's language decides. */
  @property() override lang = '';

  /** The first view, when the URL hash names none. */
  @property() view: ViewName = 'map';

  /** A street id or name: fixes the widget to that street. */
  @property() street = '';

  /** A category id to preselect. */
  @property() category = '';

  /** Overrides the map tile URL template of the server's config. */
  @property({ attribute: 'tile-url' }) tileUrl = '';

  @state() private config?: Config;
  @state() private loadError?: string;
  @state() private route: Route = { view: 'map' };
  @state() private fixedStreet?: Street;
  @state() private pageLang?: Lang;
  @state() private announcement = '';
  /** Views whose chunk has loaded, and whether the last attempt for the current one failed. */
  @state() private loadedViews = new Set<Route['view']>(['map']);
  @state() private viewLoadFailed = false;
  /** The view on screen: the previous one stays while the next one's chunk downloads. */
  private shownRoute?: Route;
  /** The page's language has words in a chunk (English) that could not be fetched. */
  @state() private catalogueFailed = false;
  private catalogueLoading?: Lang;

  private ctx?: WidgetContext;
  private loadAbort?: AbortController;
  private langObserver?: MutationObserver;
  private focusAfterRender = false;

  private readonly onHashChange = () => {
    // Back to a URL without hash: the first view. Other anchors of the host page are not ours.
    const route = hashToRoute(location.hash) ?? (location.hash === '' ? this.routeFromViewAttribute() : undefined);
    if (route && routeToHash(route) !== routeToHash(this.route)) {
      this.route = route;
      this.focusAfterRender = true;
    }
  };

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener('popstate', this.onHashChange);
    this.pageLang = this.readPageLang();
    this.langObserver = new MutationObserver(() => (this.pageLang = this.readPageLang()));
    this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    // The map is the first view: its chunk (Leaflet) downloads while the config is being fetched.
    if (this.view !== 'list' && (hashToRoute(location.hash)?.view ?? 'map') === 'map') void loadMapModule().catch(() => {});
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener('popstate', this.onHashChange);
    this.langObserver?.disconnect();
    this.loadAbort?.abort();
  }

  /** Shows a view, as the section bar and the links inside the widget do. */
  navigate(route: Route) {
    const hash = routeToHash(route);
    if (location.hash !== hash) history.pushState(history.state, '', hash);
    this.route = route;
    this.focusAfterRender = true;
    this.dispatchEvent(new CustomEvent('segnala-view-change', { bubbles: true, composed: true, detail: { ...route } }));
  }

  private readPageLang(): Lang | undefined {
    const holder = this.parentElement?.closest('[lang]');
    return matchLang(holder?.getAttribute('lang')) ?? matchLang(document.documentElement.lang);
  }

  private get effectiveLang(): Lang {
    return matchLang(this.lang) ?? this.pageLang ?? 'it';
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (!this.hasUpdated) {
      this.route = hashToRoute(location.hash) ?? this.routeFromViewAttribute();
    } else if (changed.has('view') && !hashToRoute(location.hash)) {
      this.route = this.routeFromViewAttribute();
    }
    if (changed.has('api') || changed.has('municipality') || changed.has('street')) void this.load();
    const lang = this.effectiveLang;
    if (!hasCatalogue(lang) && !this.catalogueFailed) void this.loadLanguage(lang);
    // Without its words (a failed chunk) the widget still works, in Italian, under the notice.
    if (this.config && (hasCatalogue(lang) || this.catalogueFailed)) this.ctx = this.makeContext(this.config);
    if ((changed as Map<string, unknown>).has('route') || !this.hasUpdated) void this.loadView(this.route.view);
  }

  private async loadLanguage(lang: Lang) {
    if (this.catalogueLoading === lang) return;
    this.catalogueLoading = lang;
    this.catalogueFailed = false;
    try {
      await loadCatalogue(lang);
      this.requestUpdate();
    } catch {
      this.catalogueFailed = true;
    } finally {
      this.catalogueLoading = undefined;
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

  protected override async updated() {
    // A view still loading gets the focus once it is there.
    if (!this.focusAfterRender || !this.config || !this.loadedViews.has(this.route.view)) return;
    this.focusAfterRender = false;
    const view = this.renderRoot.querySelector<HTMLElement & { focusHeading?: () => void; updateComplete?: Promise<unknown> }>(
      '.view > :not([hidden])',
    );
    await view?.updateComplete;
    view?.focusHeading?.();
  }

  private routeFromViewAttribute(): Route {
    const v = this.view;
    return v === 'new' || v === 'track' || v === 'streets' ? { view: v } : { view: 'map' };
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
    const i18n = translator(this.effectiveLang);
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
      announce: (message) => this.announce(message),
      navigate: (route) => this.navigate(route),
    };
  }

  private announce(message: string) {
    // Emptied first so that the same message said twice is still read out.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = message));
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
    const i18n = this.ctx?.i18n ?? translator(this.effectiveLang);
    const ctx = this.ctx;
    const failed = chunkErrorText[this.effectiveLang];
    return html`<section class="base" part="base" lang=${i18n.lang} aria-label=${ctx?.config.municipality.name ? `${i18n.t('widget.label')} – ${ctx.config.municipality.name}` : i18n.t('widget.label')}>
      ${this.catalogueFailed
        ? html`<div class="notice error" role="alert" lang=${this.effectiveLang}>
            <p>${failed.message}</p>
            <button type="button" part="button" @click=${() => this.loadLanguage(this.effectiveLang)}>${failed.retry}</button>
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
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-widget': SegnalaWidget;
  }
}
