import { type CSSResult, LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ReportCluster, ReportSummary } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import { chunkErrorText } from '../i18n.ts';
import type { ClusterLayer } from '../map.ts';
import { reportChanges } from '../report-changes.ts';
import { reportItem, reportListStyles } from '../report-list.ts';
import { baseStyles } from '../styles.ts';
import { type ReportFilterValues, reportFilters } from './report-map/filters.ts';
import { reportFiltersStyles } from './report-map/filters.styles.ts';
import { reportMapViewStyles } from './report-map-view.styles.ts';

type MapModule = typeof import('../map.ts');
let mapModule: Promise<MapModule> | undefined;

/**
 * Leaflet and the map code, a chunk of their own (vite.config.ts): `view="list"` never downloads
 * them until the map is opened. A failed download is forgotten, so that "Riprova" asks again.
 */
export function loadMapModule(): Promise<MapModule> {
  mapModule ??= import('../map.ts').catch((err: unknown) => {
    mapModule = undefined;
    throw err;
  });
  return mapModule;
}

/** Reports fetched per request of the list, and shown per step. */
const PAGE_SIZE = 100;
const LIST_STEP = 20;

/**
 * Map and list of the public reports, with the same filters. The map shows the current view's
 * reports grouped by the server (map.ts); the list pages through all of them, and works without
 * the map. With `list-first` the list comes alone, and the map (its chunk) when asked for.
 */
@customElement('segnala-report-map')
export class ReportMapView extends LitElement {
  static override styles = [baseStyles, reportListStyles, reportFiltersStyles, reportMapViewStyles];

  @property({ attribute: false }) ctx!: WidgetContext;

  /** The list alone first (`view="list"`); the map only when the citizen opens it. */
  @property({ type: Boolean, attribute: 'list-first' }) listFirst = false;

  /** Whether the map is asked for; `mapReady` once its chunk is there, `mapLoadFailed` if it is not. */
  @state() private mapShown?: boolean;
  @state() private mapReady = false;
  @state() private mapLoadFailed = false;

  @state() private chosen: ReportFilterValues = { status: 'open', q: '' };
  /** The search box's text cannot be searched (isSearchable): said next to it, nothing sent. */
  @state() private qError = false;
  @state() private reports: ReportSummary[] = [];
  @state() private nextCursor: string | null = null;
  /** True from the start: the first load begins in firstUpdated, where a change would cost a second render. */
  @state() private loading = true;
  @state() private error = '';
  @state() private selected?: string;
  @state() private listed = LIST_STEP;
  /** Reports the map could not part (one spot): the list shows only them. */
  @state() private spot?: ReportCluster;
  @state() private mapError = '';

  @query('h2') private heading!: HTMLElement;
  @query('.map') private mapEl!: HTMLElement;

  private markers?: ClusterLayer;
  private map?: MapModule;
  private abort?: AbortController;
  private lastLang?: string;
  /** The page's filings when this view last asked (report-changes.ts). */
  private seenChanges = reportChanges.version;

  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    // Shown again after a report was filed in this page: the list and the map ask again.
    if (this.hasUpdated && this.seenChanges !== reportChanges.version) {
      this.seenChanges = reportChanges.version;
      void this.load();
      void this.markers?.refresh();
    }
    if (this.hasUpdated && this.mapReady && !this.markers) this.setUpMap();
  }

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('ctx') && !changed.get('ctx')) {
      this.chosen = { ...this.chosen, category: this.ctx.presetCategory, street: this.ctx.fixedStreet };
    }
    this.mapShown ??= !this.listFirst;
  }

  protected override firstUpdated() {
    if (this.mapShown) void this.openMap();
    void this.load();
  }

  /** Shows the map, downloading its chunk the first time. */
  private async openMap() {
    this.mapShown = true;
    this.mapLoadFailed = false;
    try {
      this.map ??= await loadMapModule();
    } catch {
      this.mapLoadFailed = true;
      return;
    }
    if (this.mapReady) return;
    // Leaflet's CSS and the map's sizes join this shadow root in the order they had when static.
    const { leafletStyles, mapStyles } = this.map;
    const [base, ...own] = ReportMapView.styles as CSSResult[];
    this.shadowRoot!.adoptedStyleSheets = [leafletStyles, base, mapStyles, ...own].map((s) => s.styleSheet!);
    this.mapReady = true;
    await this.updateComplete;
    if (this.isConnected && !this.markers) this.setUpMap();
  }

  protected override updated(changed: Map<string, unknown>) {
    // Marker names are in the page's language: redraw them when it changes.
    if (changed.has('ctx') && this.lastLang && this.lastLang !== this.ctx.i18n.lang) this.markers?.redraw();
    this.lastLang = this.ctx.i18n.lang;
  }

  private setUpMap() {
    const { ClusterLayer, createMap } = this.map!;
    const { map } = createMap(this.mapEl, this.ctx, this.ctx.i18n.t('map.label'));
    this.markers = new ClusterLayer(map, () => this.ctx, (view, signal) => this.loadClusters(view, signal), {
      onSelect: (r) => this.ctx.navigate({ view: 'report', reference: r.reference }),
      onSpot: (cell) => void this.showSpot(cell),
      onError: (err) => (this.mapError = err.message || this.ctx.i18n.t('error.network')),
    });
    // Framed on the reports (a street's, on a street's page), as the list shows them.
    void this.fitToData();
  }

  private filters() {
    const { status, category, street, q } = this.chosen;
    return { status, category, street: street?.id, q: q.trim() || undefined };
  }

  private async loadClusters(view: { bbox: string; zoom: number }, signal: AbortSignal) {
    const answer = await this.ctx.api.clusters({ ...view, ...this.filters() }, signal);
    this.mapError = '';
    return answer;
  }

  private refreshMap() {
    return this.markers?.refresh();
  }

  /** Frames the reports matching the filters within the municipality's map area. */
  private fitToData() {
    if (!this.map) return;
    const { L } = this.map;
    const b = this.ctx.config.map.bounds;
    const area = b ? L.latLngBounds([b.south, b.west], [b.north, b.east]) : L.latLngBounds([-85, -180], [85, 180]);
    return this.markers?.frame(area);
  }

  private async load(more = false) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = '';
    try {
      const page = await this.ctx.api.reports(
        {
          ...this.filters(),
          bbox: this.spot?.bbox.join(','),
          limit: PAGE_SIZE,
          cursor: more ? (this.nextCursor ?? undefined) : undefined,
        },
        abort.signal,
      );
      if (abort.signal.aborted) return;
      this.reports = more ? [...this.reports, ...page.reports] : page.reports;
      this.nextCursor = page.nextCursor;
      if (!more) this.listed = LIST_STEP;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = (err as Error).message || this.ctx.i18n.t('error.network');
    } finally {
      if (this.abort === abort) this.loading = false;
    }
  }

  private changeFilters(change: Partial<ReportFilterValues>) {
    this.chosen = { ...this.chosen, ...change };
    this.applyFilters('street' in change);
  }

  private resetFilters() {
    const streetChanged = this.chosen.street !== this.ctx.fixedStreet;
    this.chosen = { status: 'open', category: undefined, street: this.ctx.fixedStreet, q: '' };
    this.qError = false;
    this.applyFilters(streetChanged);
  }

  /** The list and the map follow the filters; a newly picked street is framed on the map. */
  private applyFilters(streetChanged = false) {
    this.spot = undefined;
    void this.load();
    if (streetChanged && this.chosen.street) void this.fitToData();
    else void this.refreshMap();
  }

  /** Reports the map cannot part: the list narrows to them, and the focus goes there. */
  private async showSpot(cell: ReportCluster) {
    this.spot = cell;
    await this.load();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.spot')?.focus();
  }

  private async clearSpot() {
    this.spot = undefined;
    await this.load();
    await this.updateComplete;
    this.mapEl?.focus();
  }

  /** Shows more of the list, fetching the next page when the loaded reports run out. */
  private async showMore() {
    const before = this.listed;
    this.listed += LIST_STEP;
    if (this.listed > this.reports.length && this.nextCursor) await this.load(true);
    await this.updateComplete;
    // Keyboard users continue where the new items start.
    this.renderRoot.querySelectorAll<HTMLElement>('.report-item .report-title a')[before]?.focus();
  }

  private async showOnMap(r: ReportSummary) {
    this.selected = r.reference;
    if (!this.markers) await this.openMap();
    this.mapEl?.scrollIntoView({ block: 'nearest', behavior: 'auto' });
    this.markers?.reveal(r);
  }

  private renderMap() {
    const { t, lang } = this.ctx.i18n;
    if (!this.mapShown) {
      return html`<p class="map-toggle"><button type="button" part="button" @click=${() => this.openMap()}>${t('map.show')}</button></p>`;
    }
    if (this.mapLoadFailed) {
      return html`<div class="notice error" role="alert">
        <p>${chunkErrorText[lang].message}</p>
        <button type="button" part="button" @click=${() => this.openMap()}>${chunkErrorText[lang].retry}</button>
      </div>`;
    }
    return html`<div class="map" part="map"></div>
      ${this.mapReady ? nothing : html`<p class="muted" role="status">${t('loading')}</p>`}
      ${this.mapError ? html`<div class="notice error" role="alert">${t('error.load', { message: this.mapError })}</div>` : nothing}`;
  }

  override render() {
    const { i18n, fixedStreet } = this.ctx;
    const { t } = i18n;
    const count = this.nextCursor
      ? t('list.countMore', { count: this.reports.length })
      : i18n.plural('list.count', this.reports.length);
    return html`<h2 tabindex="-1">${fixedStreet ? t('streets.reportsOf', { street: fixedStreet.name }) : t('map.heading')}</h2>
      ${reportFilters(this.ctx, this.chosen, this.qError, {
        change: (change) => this.changeFilters(change),
        qError: (shown) => (this.qError = shown),
        reset: () => this.resetFilters(),
      })}
      ${this.mapShown ? nothing : this.renderMap()}
      <div class=${this.mapShown ? 'layout' : 'layout list-only'}>
        ${this.mapShown ? html`<div>${this.renderMap()}</div>` : nothing}
        <div class="list">
          ${this.spot
            ? html`<div class="spot notice" tabindex="-1">
                ${i18n.plural('map.spotList', this.spot.count)}
                <button type="button" class="link" @click=${this.clearSpot}>${t('map.spotListClear')}</button>
              </div>`
            : nothing}
          <p class="count" role="status" aria-live="polite">${this.loading ? t('loading') : this.error ? '' : count}</p>
          ${this.error ? html`<div class="notice error" role="alert">${t('error.load', { message: this.error })}</div>` : nothing}
          ${!this.loading && !this.error && this.reports.length === 0 ? html`<p>${t('list.empty')}</p>` : nothing}
          <ul class="reports">
            ${this.reports.slice(0, this.listed).map((r) => reportItem(this.ctx, r, { onShowOnMap: (x) => void this.showOnMap(x) }))}
          </ul>
          ${this.nextCursor || this.listed < this.reports.length
            ? html`<div class="actions">
                <button type="button" part="button" ?disabled=${this.loading} @click=${this.showMore}>${t('list.more')}</button>
              </div>`
            : nothing}
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-report-map': ReportMapView;
  }
}
