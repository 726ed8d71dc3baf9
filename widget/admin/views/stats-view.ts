import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { statusBadge, statusLabel } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import type { Stats, StatsFilters } from '../admin-api.ts';
import { type AdminContext, ownDepartments } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { channelWords } from '../channel-words.ts';
import { barChart, chartStyles, monthlyChart } from './charts.ts';
import { errorMessage } from './errors.ts';
import { statsViewStyles } from './stats-view.styles.ts';

/**
 * Where problems concentrate and which office is overloaded: counts by status, office, category
 * and street, overdue per office, median and 90th percentile times, the monthly trend. Each
 * chart is drawn from the table under it, which is what screen readers read.
 */
@customElement('segnala-admin-stats')
export class AdminStatsView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    chartStyles,
    statsViewStyles,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private stats?: Stats;
  @state() private filters: StatsFilters = {};
  @state() private error = '';

  @query('h2') private heading?: HTMLElement;

  private abort?: AbortController;

  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.ctx) void this.load();
  }

  protected override firstUpdated() {
    if (!this.stats && !this.abort) void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  private async load() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.error = '';
    try {
      const stats = await this.ctx.api.stats(this.filters, abort.signal);
      if (!abort.signal.aborted) this.stats = stats;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  private async apply(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const str = (name: string) => (data.get(name) as string | null) || undefined;
    this.filters = { from: str('from'), to: str('to'), departmentId: str('departmentId') ? Number(data.get('departmentId')) : undefined };
    await this.load();
    if (this.stats) this.ctx.announce(`${this.ctx.i18n.t('stats.total')}: ${this.stats.total}`);
  }

  private renderFilters() {
    const { t } = this.ctx.i18n;
    const departments = ownDepartments(this.ctx);
    return html`<form class="filters panel" novalidate aria-label=${t('stats.filters')} @submit=${this.apply}>
      <div class="grid-fields">
        <div class="field">
          <label for="s-from">${t('queue.from')}</label>
          <input id="s-from" type="date" name="from" .value=${this.filters.from ?? ''} />
        </div>
        <div class="field">
          <label for="s-to">${t('queue.to')}</label>
          <input id="s-to" type="date" name="to" .value=${this.filters.to ?? ''} />
        </div>
        ${departments.length > 1
          ? html`<div class="field">
              <label for="s-department">${t('queue.department')}</label>
              <select id="s-department" name="departmentId">
                <option value="">${t('queue.department.all')}</option>
                ${departments.map((d) => html`<option value=${d.id} ?selected=${this.filters.departmentId === d.id}>${d.name}</option>`)}
              </select>
            </div>`
          : nothing}
        <div class="field">
          <button type="submit" class="primary">${t('stats.apply')}</button>
        </div>
      </div>
    </form>`;
  }

  private section(id: string, title: string, body: unknown, wide = false) {
    return html`<section class=${wide ? 'wide' : ''} aria-labelledby=${id} data-section=${id}>
      <h3 id=${id}>${title}</h3>
      ${body}
    </section>`;
  }

  private table(caption: string, head: string[], rows: unknown[][]) {
    return html`<div class="table-scroll">
      <table>
        <caption class="visually-hidden">${caption}</caption>
        <thead>
          <tr>
            ${head.map((h, i) => html`<th scope="col" class=${i ? 'num' : ''}>${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr>
              ${r.map((c, i) => (i ? html`<td class="num">${c}</td>` : html`<th scope="row">${c}</th>`))}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** How the reports came: the web, Open311, or filed by staff from a phone call, an e-mail, the front desk… */
  private channels(s: Stats) {
    const { i18n } = this.ctx;
    const w = channelWords(i18n);
    const rows = s.byChannel.map((r) => ({ label: w.t(r.channel), value: r.count }));
    return this.section(
      'st-channel',
      w.t('heading'),
      html`${barChart(rows)}
        ${this.table(w.t('heading'), [w.t('column'), i18n.t('stats.col.count')], rows.map((r) => [r.label, i18n.number(r.value)]))}`,
    );
  }

  private renderStats(s: Stats) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const n = (v: number) => i18n.number(v);
    const times = this.table(
      t('stats.times'),
      [t('stats.col.measure'), t('stats.median'), t('stats.p90'), t('stats.count')],
      [
        [t('stats.timeToAccept'), i18n.duration(s.timeToAccept.medianHours), i18n.duration(s.timeToAccept.p90Hours), n(s.timeToAccept.count)],
        [t('stats.timeToResolve'), i18n.duration(s.timeToResolve.medianHours), i18n.duration(s.timeToResolve.p90Hours), n(s.timeToResolve.count)],
      ],
    );
    return html`<p class="total" data-total=${s.total}><strong>${n(s.total)}</strong>${t('stats.total')}</p>
      <div class="sections">
        ${this.section('st-times', t('stats.times'), times)}
        ${this.section(
          'st-status',
          t('stats.byStatus'),
          html`${barChart(s.byStatus.map((r) => ({ label: statusLabel(i18n.base, r.status), value: r.count })))}
          ${this.table(t('stats.byStatus'), [t('stats.col.status'), t('stats.col.count')], s.byStatus.map((r) => [statusBadge(i18n.base, r.status), n(r.count)]))}`,
        )}
        ${this.section(
          'st-department',
          t('stats.byDepartment'),
          html`${barChart(s.byDepartment.map((r) => ({ label: r.name, value: r.total })))}
          ${this.table(
            t('stats.byDepartment'),
            [t('stats.col.department'), t('stats.col.total'), t('stats.col.open'), t('stats.col.overdue')],
            s.byDepartment.map((r) => [r.name, n(r.total), n(r.open), n(r.overdue)]),
          )}`,
        )}
        ${this.section(
          'st-overdue',
          t('stats.overdue'),
          html`${barChart(s.byDepartment.map((r) => ({ label: r.name, value: r.overdue })), 'danger')}
          ${this.table(t('stats.overdue'), [t('stats.col.department'), t('stats.col.overdue')], s.byDepartment.map((r) => [r.name, n(r.overdue)]))}`,
        )}
        ${this.section(
          'st-category',
          t('stats.byCategory'),
          html`${barChart(s.byCategory.map((r) => ({ label: r.name, value: r.total })))}
          ${this.table(
            t('stats.byCategory'),
            [t('stats.col.category'), t('stats.col.total'), t('stats.col.open')],
            s.byCategory.map((r) => [r.name, n(r.total), n(r.open)]),
          )}`,
        )}
        ${this.channels(s)}
        ${this.section(
          'st-streets',
          t('stats.topStreets'),
          html`${barChart(s.topStreets.map((r) => ({ label: r.name, value: r.total })), 'muted')}
          ${this.table(
            t('stats.topStreets'),
            [t('stats.col.street'), t('stats.col.total'), t('stats.col.open')],
            s.topStreets.map((r) => [r.name, n(r.total), n(r.open)]),
          )}`,
        )}
        ${/* Is it really fixed?: reopenings by the citizens; the ratings of the service, only as counts */ ''}
        ${this.section(
          'st-reopened',
          t('stats.reopened'),
          html`<p data-reopened=${s.reopenings.total}>${i18n.plural('stats.reopenedTotal', s.reopenings.total)}</p>
          ${this.table(
            t('stats.reopened'),
            [t('stats.col.department'), t('stats.col.reopened')],
            s.reopenings.byDepartment.map((r) => [r.name, n(r.count)]),
          )}
          ${this.table(
            t('stats.reopened'),
            [t('stats.col.category'), t('stats.col.reopened')],
            s.reopenings.byCategory.map((r) => [r.name, n(r.count)]),
          )}`,
        )}
        ${this.section(
          'st-ratings',
          t('stats.ratings'),
          html`<p data-ratings=${s.ratings.count}>
              ${s.ratings.average === null ? t('stats.ratingsNone') : i18n.plural('stats.ratingsAverage', s.ratings.count, { average: n(s.ratings.average) })}
            </p>
            ${barChart(s.ratings.distribution.map((r) => ({ label: t('stats.ratingValue', { rating: String(r.rating) }), value: r.count })))}
            ${this.table(
              t('stats.ratings'),
              [t('stats.col.department'), t('stats.col.ratings'), t('stats.col.average')],
              s.ratings.byDepartment.map((r) => [r.name, n(r.count), n(r.average)]),
            )}
            ${this.table(
              t('stats.ratings'),
              [t('stats.col.category'), t('stats.col.ratings'), t('stats.col.average')],
              s.ratings.byCategory.map((r) => [r.name, n(r.count), n(r.average)]),
            )}`,
        )}
        ${this.section(
          'st-monthly',
          t('stats.monthly'),
          html`${monthlyChart(
            s.monthly.map((m) => ({ label: i18n.month(m.month, false), a: m.created, b: m.closed })),
            [t('stats.col.created'), t('stats.col.closed')],
          )}
          ${this.table(
            t('stats.monthly'),
            [t('stats.col.month'), t('stats.col.created'), t('stats.col.closed')],
            s.monthly.map((m) => [i18n.month(m.month), n(m.created), n(m.closed)]),
          )}`,
          true,
        )}
      </div>`;
  }

  override render() {
    const { t } = this.ctx.i18n;
    return html`<h2 tabindex="-1">${t('stats.heading')}</h2>
      ${this.renderFilters()}
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${this.stats ? (this.stats.total ? this.renderStats(this.stats) : html`<p class="notice">${t('stats.empty')}</p>`) : html`<p class="muted">${t('loading')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-stats': AdminStatsView;
  }
}
