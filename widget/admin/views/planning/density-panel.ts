import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { type L, createMap, leafletStyles, mapStyles } from '../../../map.ts';
import { statusBadge } from '../../../status.ts';
import { baseStyles } from '../../../styles.ts';
import { type AdminContext, categoryName } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { errorMessage } from '../errors.ts';
import { type CellReport, type Density, type DensityCell, loadCellReports, loadDensity } from './density-panel-api.ts';
import { DensityLayer, shadeOf, viewOf } from './density-panel-layer.ts';
import { densityPanelStyles } from './density-panel.styles.ts';
import { densityWords } from './density-words.ts';
import type { PlanningFilters } from './filters.ts';

/** Rows of the table of busiest cells: the cells the server names a street for (NAMED_CELLS). */
const TABLE_ROWS = 10;
/** Waits this long after the map stops moving: dragging and zooming ask once, not at every step. */
const SETTLE_MS = 300;

/** One cell's list as shown beside the map. */
interface CellList {
  cell: DensityCell;
  where: string;
  reports: CellReport[];
  total: number;
  nextCursor: string | null;
  loading: boolean;
}

/**
 * Where the reports of the planning filters concentrate: a map of the visible area divided in
 * cells shaded by their count (computed by the server, with its legend), asked again as the map
 * moves; a cell chosen on the map or in the table lists its reports, each a link to the report.
 * The table of the busiest cells is what screen readers read and what prints.
 */
@customElement('segnala-admin-planning-density')
export class AdminPlanningDensityPanel extends LitElement {
  static override styles = [leafletStyles, baseStyles, mapStyles, adminStyles, densityPanelStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  /** The planning view's filters; a new object means new figures. */
  @property({ attribute: false }) filters!: PlanningFilters;

  @state() private density?: Density;
  @state() private loading = true;
  @state() private error = '';
  @state() private mapFailed = false;
  @state() private list?: CellList;
  @state() private listError = '';

  @query('.map') private mapEl?: HTMLElement;
  @query('#density-list-heading') private listHeading?: HTMLElement;

  private map?: L.Map;
  private disposeMap?: () => void;
  private layer?: DensityLayer;
  private timer?: ReturnType<typeof setTimeout>;
  private abort?: AbortController;
  private listAbort?: AbortController;

  private get words() {
    return densityWords(this.ctx.i18n);
  }

  protected override firstUpdated() {
    this.start();
  }

  /** The map on its container, and the first question. */
  private start() {
    try {
      const { map, dispose } = createMap(this.mapEl!, this.ctx.widget, this.words.t('map'));
      this.map = map;
      this.disposeMap = dispose;
      this.layer = new DensityLayer(map, { label: (c) => this.cellLabel(c), onChoose: (c) => void this.choose(c) });
      map.on('moveend', () => this.schedule());
    } catch {
      // Without the map the table still answers (from the municipality's default view, below).
      this.mapFailed = true;
    }
    void this.refresh();
  }

  // Before the render, so that the loading state it sets is part of this update, not another one.
  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('filters') && changed.get('filters') !== undefined) {
      void this.refresh();
      if (this.list) void this.choose(this.list.cell, { focus: false });
    }
    // The language changed: the cells' names are in words.
    if (changed.has('ctx') && changed.get('ctx') !== undefined && this.density) this.layer?.redraw();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.abort?.abort();
    this.listAbort?.abort();
    this.disposeMap?.();
    this.disposeMap = undefined;
    this.map = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    // Put back in the page (the console caches its views): a new map on the same container.
    if (this.hasUpdated && !this.map) this.start();
  }

  private schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), SETTLE_MS);
  }

  /** Asks for the current view; only the latest question counts (the previous one is aborted). */
  private async refresh() {
    clearTimeout(this.timer);
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = '';
    try {
      const density = await loadDensity(this.ctx.api, this.filters, this.currentView(), abort.signal);
      if (abort.signal.aborted) return;
      this.density = density;
      this.layer?.show(density);
      this.layer?.select(this.list?.cell.id);
    } catch (err) {
      if ((err as Error).name === 'AbortError' || abort.signal.aborted) return;
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      if (this.abort === abort) this.loading = false;
    }
  }

  /** The map's view; without a map, the municipality's default one (what the map would have shown). */
  private currentView() {
    if (this.map) return viewOf(this.map);
    const { center, zoom } = this.ctx.config.map;
    const degrees = 360 / 2 ** zoom;
    return { bbox: [center.lon - degrees, center.lat - degrees / 2, center.lon + degrees, center.lat + degrees / 2].map((v) => v.toFixed(6)).join(','), zoom };
  }

  private where(cell: DensityCell) {
    const { t } = this.words;
    if (cell.street) return t('where.near', { street: cell.street });
    const [w, s, e, n] = cell.bbox;
    return t('where.at', { lat: ((s + n) / 2).toFixed(4), lon: ((w + e) / 2).toFixed(4) });
  }

  private classWords(cell: DensityCell) {
    return this.words.t('class', { n: cell.class + 1, of: this.density?.classes.length ?? 1 });
  }

  private cellLabel(cell: DensityCell) {
    return this.words.plural('cell.label', cell.count, { where: this.where(cell), class: this.classWords(cell) });
  }

  /** Lists a cell's reports (first page, or the next one with `more`), then gives the list focus. */
  private async choose(cell: DensityCell, opts: { more?: boolean; focus?: boolean } = {}) {
    const { t } = this.words;
    this.listAbort?.abort();
    const abort = new AbortController();
    this.listAbort = abort;
    const previous = opts.more && this.list?.cell.id === cell.id ? this.list : undefined;
    const where = this.where(cell);
    this.list = { cell, where, reports: previous?.reports ?? [], total: previous?.total ?? cell.count, nextCursor: null, loading: true };
    this.listError = '';
    this.layer?.select(cell.id);
    try {
      const page = await loadCellReports(this.ctx.api, this.filters, cell.id, previous?.nextCursor ?? undefined, abort.signal);
      if (abort.signal.aborted) return;
      this.list = { cell, where, reports: [...(previous?.reports ?? []), ...page.reports], total: page.total, nextCursor: page.nextCursor, loading: false };
      if (!opts.more) this.ctx.announce(t('list.loaded', { where, count: page.total }));
    } catch (err) {
      if ((err as Error).name === 'AbortError' || abort.signal.aborted) return;
      this.list = { ...this.list, loading: false };
      this.listError = errorMessage(this.ctx.i18n, err);
    }
    if (opts.focus !== false && !opts.more) {
      await this.updateComplete;
      this.listHeading?.focus();
    }
  }

  private closeList() {
    const id = this.list?.cell.id;
    this.listAbort?.abort();
    this.list = undefined;
    this.layer?.select(undefined);
    // Back where the choice was made: the cell on the map, else the panel's heading.
    const marker = id ? this.layer?.element(id) : undefined;
    (marker ?? this.renderRoot.querySelector<HTMLElement>('h3'))?.focus();
  }

  private open(e: Event, reference: string) {
    // Ctrl/⌘-click on the link opens a new tab as usual.
    if (e instanceof MouseEvent && (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0)) return;
    e.preventDefault();
    this.ctx.navigate({ view: 'report', reference });
  }

  private renderLegend(d: Density) {
    const { t } = this.words;
    return html`<div class="legend">
      <h4>${t('legend')}</h4>
      <ul>
        ${d.classes.map(
          (c, i) => html`<li>
            <span class="swatch shade-${shadeOf(i, d.classes.length)}" aria-hidden="true"></span>
            ${c.min === c.max ? t('legend.single', { min: c.min }) : t('legend.range', { min: c.min, max: c.max })}
          </li>`,
        )}
      </ul>
      <p class="muted small">${t('legend.method')}</p>
    </div>`;
  }

  private renderList(list: CellList) {
    const { t, plural } = this.words;
    const { i18n } = this.ctx;
    return html`<section class="cell-list" aria-labelledby="density-list-heading" aria-busy=${list.loading ? 'true' : 'false'}>
      <div class="list-head">
        <h4 id="density-list-heading" tabindex="-1">${t('list.heading', { where: list.where })} (${i18n.number(list.total)})</h4>
        <button type="button" class="close" @click=${this.closeList}>${t('list.close')}</button>
      </div>
      ${this.listError ? html`<p class="notice error" role="alert">${this.listError}</p>` : nothing}
      ${!list.loading && !list.reports.length && !this.listError ? html`<p>${t('list.empty')}</p>` : nothing}
      <ul class="reports">
        ${list.reports.map(
          (r) => html`<li>
            <a href=${`#segnala-admin/report/${encodeURIComponent(r.reference)}`} @click=${(e: Event) => this.open(e, r.reference)}>${r.title}</a>
            <span class="ref">${r.reference}</span>
            <div class="meta">
              ${statusBadge(i18n.base, r.status)}${r.published ? nothing : html`<span class="badge internal">${t('list.notPublic')}</span>`}
              <span>${categoryName(this.ctx, r.categoryId) ?? ''}</span>
              ${r.street ? html`<span>${r.street}${r.civic ? ` ${r.civic}` : ''}</span>` : nothing}
              <span>${t('list.filed', { date: i18n.date(r.createdAt) })}</span>
              ${r.supportCount ? html`<span>${plural('list.supports', r.supportCount)}</span>` : nothing}
            </div>
          </li>`,
        )}
      </ul>
      ${list.loading ? html`<p role="status">${t('list.loading')}</p>` : nothing}
      ${list.nextCursor && !list.loading
        ? html`<button type="button" @click=${() => void this.choose(list.cell, { more: true })}>${t('list.more')}</button>`
        : nothing}
    </section>`;
  }

  private renderTable(d: Density) {
    const { t } = this.words;
    const { i18n } = this.ctx;
    const rows = d.cells.slice(0, TABLE_ROWS);
    if (!rows.length) return nothing;
    return html`<table class="stack busiest">
      <caption>${t('table.caption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="num">${t('table.rank')}</th>
          <th scope="col">${t('table.where')}</th>
          <th scope="col" class="num">${t('table.count')}</th>
          <th scope="col">${t('table.class')}</th>
          <th scope="col" class="print-hidden">${t('table.action')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((cell, i) => {
          const where = this.where(cell);
          return html`<tr class=${this.list?.cell.id === cell.id ? 'chosen' : ''}>
            <td class="num" data-label=${t('table.rank')}>${i18n.number(i + 1)}</td>
            <th scope="row">${where}</th>
            <td class="num" data-label=${t('table.count')}>${i18n.number(cell.count)}</td>
            <td data-label=${t('table.class')}>
              <span class="swatch shade-${shadeOf(cell.class, d.classes.length)}" aria-hidden="true"></span>
              ${this.classWords(cell)}
            </td>
            <td class="print-hidden">
              <button
                type="button"
                aria-label=${t('table.listLabel', { where })}
                @click=${() => {
                  this.layer?.reveal(cell);
                  void this.choose(cell);
                }}
              >
                ${t('table.list')}
              </button>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  override render() {
    const { t, plural } = this.words;
    const d = this.density;
    return html`<section class="panel" aria-labelledby="density-heading">
      <h3 id="density-heading" tabindex="-1">${t('heading')}</h3>
      <p class="muted intro">${t('intro')}</p>
      ${this.mapFailed ? html`<p class="notice">${t('mapUnavailable')}</p>` : nothing}
      <div class="layout ${this.list ? 'with-list' : ''}">
        <div class="map-box">
          <div class="map" ?hidden=${this.mapFailed}></div>
          ${d && d.classes.length ? this.renderLegend(d) : nothing}
        </div>
        ${this.list ? this.renderList(this.list) : nothing}
      </div>
      <div class="summary" role="status">
        ${this.loading ? t('loading') : nothing}
        ${!this.loading && d ? (d.total ? plural('total', d.total) : t('none')) : nothing}
        ${!this.loading && d?.unlocated ? html`<br />${plural('unlocated', d.unlocated)}` : nothing}
      </div>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      ${d ? this.renderTable(d) : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-planning-density': AdminPlanningDensityPanel;
  }
}
