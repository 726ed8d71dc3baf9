import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Answer, QueryOf, StaffRoutes } from '../../../contract.ts';
import { sortStreets } from '../../../../server/domain/street-order.ts';
import { statusLabel } from '../../../status.ts';
import { baseStyles } from '../../../styles.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { errorMessage } from '../errors.ts';
import { type PlanningFilters, planningQuery } from './filters.ts';
import { placesPanelStyles } from './places-panel.styles.ts';
import { placesWords } from './places-words.ts';

type Recurrences = Answer<StaffRoutes['planning']['recurrences']['$get']>;
type Place = Recurrences['places'][number];
type Streets = Answer<StaffRoutes['planning']['streets']['$get']>;
type StreetQuery = QueryOf<StaffRoutes['planning']['streets']['$get']>;
type StreetSort = NonNullable<StreetQuery['sort']>;
type Order = NonNullable<StreetQuery['order']>;

/** The server's defaults (services/planning/recurrences.ts RECURRENCE_DEFAULTS) and limits (routes). */
const DEFAULT_N = 3;
const DEFAULT_M = 50;

const COLUMNS: readonly { sort: StreetSort; num: boolean }[] = [
  { sort: 'name', num: false },
  { sort: 'total', num: true },
  { sort: 'open', num: true },
  { sort: 'overdue', num: true },
  { sort: 'medianResolve', num: true },
  { sort: 'recurrences', num: true },
];

/**
 * Where faults come back (planning view): the recurring faults — at least N reports of a
 * category within M metres, busiest first, each report a link — and every street with its
 * reports, open, overdue, median time to resolve and recurring places, sortable by any column
 * (in the order the server gives its CSV).
 */
@customElement('segnala-admin-planning-places')
export class AdminPlanningPlacesPanel extends LitElement {
  static override styles = [baseStyles, adminStyles, placesPanelStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  /** The planning view's filters; a new object means new figures. */
  @property({ attribute: false }) filters!: PlanningFilters;

  @state() private minReports = DEFAULT_N;
  @state() private radius = DEFAULT_M;
  @state() private sort: StreetSort = 'total';
  @state() private order: Order = 'desc';
  @state() private recurrences?: Recurrences;
  @state() private streets?: Streets;
  @state() private loadingPlaces = true;
  @state() private loadingStreets = true;
  @state() private error = '';
  @state() private csvBusy = false;

  private placesAbort?: AbortController;
  private streetsAbort?: AbortController;

  private get words() {
    return placesWords(this.ctx.i18n);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('filters') && this.filters) {
      void this.loadPlaces();
      void this.loadStreets();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.placesAbort?.abort();
    this.streetsAbort?.abort();
  }

  private query() {
    return { ...planningQuery(this.filters), minReports: this.minReports, radius: this.radius };
  }

  private streetQuery() {
    return { ...this.query(), sort: this.sort, order: this.order };
  }

  /** Only the latest question counts: the previous one is aborted. */
  private async loadPlaces() {
    this.placesAbort?.abort();
    const abort = new AbortController();
    this.placesAbort = abort;
    this.loadingPlaces = true;
    this.error = '';
    try {
      const answer = await this.ctx.api.read<Recurrences>('/planning/recurrences', this.query(), abort.signal);
      if (abort.signal.aborted) return;
      this.recurrences = answer;
    } catch (err) {
      if ((err as Error).name === 'AbortError' || abort.signal.aborted) return;
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      if (this.placesAbort === abort) this.loadingPlaces = false;
    }
  }

  private async loadStreets() {
    this.streetsAbort?.abort();
    const abort = new AbortController();
    this.streetsAbort = abort;
    this.loadingStreets = true;
    try {
      const answer = await this.ctx.api.read<Streets>('/planning/streets', this.streetQuery(), abort.signal);
      if (abort.signal.aborted) return;
      this.streets = answer;
    } catch (err) {
      if ((err as Error).name === 'AbortError' || abort.signal.aborted) return;
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      if (this.streetsAbort === abort) this.loadingStreets = false;
    }
  }

  private search(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const within = (v: FormDataEntryValue | null, min: number, max: number, fallback: number) => {
      const n = Math.round(Number(v));
      return Number.isFinite(n) && v !== '' ? Math.min(max, Math.max(min, n)) : fallback;
    };
    this.minReports = within(data.get('minReports'), 2, 50, DEFAULT_N);
    this.radius = within(data.get('radius'), 10, 500, DEFAULT_M);
    void this.loadPlaces();
    void this.loadStreets();
  }

  /**
   * A column chosen again turns its order round; a new one starts A to Z for names, shortest
   * first for times, largest first for counts. The rows in hand are sorted as the server sorts
   * them (domain/street-order.ts): no question to ask again.
   */
  private sortBy(sort: StreetSort) {
    if (sort === this.sort) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = sort;
      this.order = sort === 'name' || sort === 'medianResolve' ? 'asc' : 'desc';
    }
    if (this.streets) this.streets = { ...this.streets, streets: sortStreets([...this.streets.streets], this.sort, this.order) };
    this.ctx.announce(this.words.t('streets.sorted', this.sortWords()));
  }

  private sortWords() {
    const { t } = this.words;
    return { column: t(`sort.${this.sort}`), order: t(`order.${this.order}`) };
  }

  private async downloadCsv() {
    this.csvBusy = true;
    try {
      const blob = await this.ctx.api.download('/planning/streets.csv', this.streetQuery());
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `vie-${this.ctx.config.municipality.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.ctx.announce(this.words.t('csv.done'));
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.csvBusy = false;
    }
  }

  private open(e: Event, reference: string) {
    // Ctrl/⌘-click on the link opens a new tab as usual.
    if (e instanceof MouseEvent && (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0)) return;
    e.preventDefault();
    this.ctx.navigate({ view: 'report', reference });
  }

  private streetOf(p: Place) {
    const { t } = this.words;
    const name = p.street?.name ?? t('street.unknown');
    return p.centre ? name : t('street.unlocated', { street: name });
  }

  /** Hours as people say them: up to two days in hours, then in days (one decimal). */
  private duration(hours: number | null) {
    const { t, plural } = this.words;
    if (hours === null) return t('median.none');
    if (hours < 48) return plural('hours', Math.round(hours));
    const days = Math.round(hours / 2.4) / 10;
    return plural('days', days);
  }

  /** First and last date; one date when they fall on the same day. */
  private dates(p: Place) {
    const { i18n } = this.ctx;
    const first = i18n.date(p.firstAt);
    const last = i18n.date(p.lastAt);
    return first === last ? first : this.words.t('dates', { first, last });
  }

  private renderPlaces(r: Recurrences) {
    const { t, plural } = this.words;
    const { i18n } = this.ctx;
    if (!r.places.length) return nothing;
    return html`<table class="stack places">
      <caption>${t('caption', { n: r.minReports, m: r.radius })}</caption>
      <thead>
        <tr>
          <th scope="col">${t('col.category')}</th>
          <th scope="col">${t('col.street')}</th>
          <th scope="col" class="num">${t('col.count')}</th>
          <th scope="col">${t('col.dates')}</th>
          <th scope="col">${t('col.reports')}</th>
        </tr>
      </thead>
      <tbody>
        ${r.places.map((p) => {
          const street = this.streetOf(p);
          return html`<tr>
            <th scope="row">${p.category.name}</th>
            <td data-label=${t('col.street')}>${street}</td>
            <td class="num count" data-label=${t('col.count')}>
              ${i18n.number(p.count)}${p.reopenings ? html`<small>${plural('reopenings', p.reopenings)}</small>` : nothing}
            </td>
            <td data-label=${t('col.dates')}><span class="dates">${this.dates(p)}</span></td>
            <td data-label=${t('col.reports')} class="block-label">
              <ul class="refs" aria-label=${t('reports.label', { category: p.category.name, street })}>
                ${p.reports.map(
                  (rep) => html`<li>
                    <a href=${`#segnala-admin/report/${encodeURIComponent(rep.reference)}`} title=${`${rep.title} · ${statusLabel(i18n.base, rep.status)}`}
                      @click=${(e: Event) => this.open(e, rep.reference)}>${rep.reference}</a
                    >${rep.reopenings ? html` <span class="reopened">(${t('reopened')})</span>` : nothing}
                  </li>`,
                )}
                ${p.reportCount > p.reports.length ? html`<li>${plural('reports.more', p.reportCount - p.reports.length)}</li>` : nothing}
              </ul>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderStreets(s: Streets) {
    const { t } = this.words;
    const { i18n } = this.ctx;
    if (!s.streets.length) return nothing;
    const label = (sort: StreetSort) => t(`sort.${sort}`);
    return html`<table class="stack streets-table">
      <caption>${t('streets.caption', this.sortWords())}</caption>
      <thead>
        <tr>
          ${COLUMNS.map(({ sort, num }) => {
            const current = sort === this.sort;
            return html`<th scope="col" class=${num ? 'num' : ''} aria-sort=${current ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" class="sort" @click=${() => this.sortBy(sort)}>
                ${label(sort)}<span class="arrow" aria-hidden="true">${current ? (this.order === 'asc' ? '▲' : '▼') : ''}</span>
              </button>
            </th>`;
          })}
        </tr>
      </thead>
      <tbody>
        ${s.streets.map(
          (row) => html`<tr>
            <th scope="row">${row.name}</th>
            <td class="num" data-label=${label('total')}>${i18n.number(row.total)}</td>
            <td class="num" data-label=${label('open')}>${i18n.number(row.open)}</td>
            <td class="num" data-label=${label('overdue')}>${i18n.number(row.overdue)}</td>
            <td class="num" data-label=${label('medianResolve')}>${this.duration(row.medianResolveHours)}</td>
            <td class="num" data-label=${label('recurrences')}>${i18n.number(row.recurrences)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const { t, plural } = this.words;
    const r = this.recurrences;
    const s = this.streets;
    return html`<section class="panel" aria-labelledby="places-heading">
      <h3 id="places-heading">${t('heading')}</h3>
      <p class="muted intro">${t('intro')}</p>
      <form class="criteria" aria-label=${t('controls')} @submit=${this.search}>
        <div class="field">
          <label for="places-n">${t('minReports')}</label>
          <input id="places-n" name="minReports" type="number" min="2" max="50" step="1" inputmode="numeric" .value=${String(this.minReports)} />
        </div>
        <div class="field">
          <label for="places-m">${t('radius')}</label>
          <input id="places-m" name="radius" type="number" min="10" max="500" step="10" inputmode="numeric" .value=${String(this.radius)} />
        </div>
        <button type="submit">${t('search')}</button>
      </form>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      <p class="summary" role="status">
        ${this.loadingPlaces ? t('loading') : nothing}
        ${!this.loadingPlaces && r ? (r.total ? plural('found', r.total) : t('none')) : nothing}
        ${!this.loadingPlaces && r?.truncated ? html`${t('truncated', { shown: r.places.length, total: r.total })}` : nothing}
      </p>
      ${r ? this.renderPlaces(r) : nothing}

      <section class="streets" aria-labelledby="streets-heading">
        <div class="streets-head">
          <h3 id="streets-heading">${t('streets.heading')}</h3>
          <button type="button" class="csv" ?disabled=${this.csvBusy} @click=${() => void this.downloadCsv()}>${t('csv')}</button>
        </div>
        <p class="muted sort-hint">${t('streets.intro')}</p>
        <p class="summary" role="status">
          ${this.loadingStreets ? t('loading') : nothing}
          ${!this.loadingStreets && s ? (s.streets.length ? plural('streets.count', s.streets.length) : t('streets.none')) : nothing}
        </p>
        ${s ? this.renderStreets(s) : nothing}
      </section>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-planning-places': AdminPlanningPlacesPanel;
  }
}
