import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Answer, StaffRoutes } from '../../../contract.ts';
import { baseStyles } from '../../../styles.ts';
import { type AdminContext, categoryName } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { errorMessage } from '../errors.ts';
import type { PlanningFilters } from './filters.ts';
import { planningQuery } from './filters.ts';
import { officesPanelStyles } from './offices-panel.styles.ts';
import { officesWords } from './offices-words.ts';

type Offices = Answer<StaffRoutes['planning']['offices']['$get']>;
type Backlog = Answer<StaffRoutes['planning']['backlog']['$get']>;
type Office = Offices['offices'][number];
type Figures = Office['months'][number];
type Tally = Figures['accept'];

const BANDS = ['0-7', '8-30', '31-90', '91+'] as const;
/** Percentage points beyond which a trend is an improvement or a decline (README "Planning: offices"). */
const STEADY = 5;

/**
 * What the offices achieve (planning view): per office, the monthly shares of reports taken in
 * charge and resolved within the category's target days, as a small line chart and the table it
 * pictures, the trend in words, the categories in a collapsible table; then the open reports by
 * age. The tables are what screen readers read and what prints (every <details> opens to print).
 */
@customElement('segnala-admin-planning-offices')
export class AdminPlanningOfficesPanel extends LitElement {
  static override styles = [baseStyles, adminStyles, officesPanelStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) filters!: PlanningFilters;

  @state() private offices?: Offices;
  @state() private backlog?: Backlog;
  @state() private error = '';

  private abort?: AbortController;
  /** The <details> a print opened, to close them again after. */
  private openedForPrint: HTMLDetailsElement[] = [];

  private readonly beforePrint = () => {
    this.openedForPrint = [...this.renderRoot.querySelectorAll('details:not([open])')] as HTMLDetailsElement[];
    for (const d of this.openedForPrint) d.open = true;
  };

  private readonly afterPrint = () => {
    for (const d of this.openedForPrint) d.open = false;
    this.openedForPrint = [];
  };

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.beforePrint);
    window.addEventListener('afterprint', this.afterPrint);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('beforeprint', this.beforePrint);
    window.removeEventListener('afterprint', this.afterPrint);
    this.abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('filters') && this.ctx && this.filters) void this.load();
  }

  private async load() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.error = '';
    this.offices = undefined;
    this.backlog = undefined;
    const f = this.filters;
    try {
      const [offices, backlog] = await Promise.all([
        this.ctx.api.read<Offices>('/planning/offices', planningQuery(f), abort.signal),
        this.ctx.api.read<Backlog>('/planning/backlog', { categoryId: f.categoryId, departmentId: f.departmentId }, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      this.offices = offices;
      this.backlog = backlog;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = `${officesWords(this.ctx.i18n).t('error')} ${errorMessage(this.ctx.i18n, err)}`;
    }
  }

  private share(p: Tally) {
    const { t } = officesWords(this.ctx.i18n);
    if (p.share === null) return t('share.none');
    return html`<span class="pct">${this.ctx.i18n.number(p.share)}%</span>
      <span class="of">${t('share.of', { onTime: p.onTime, settled: p.onTime + p.late })}</span>`;
  }

  private trendWords(points: number | null) {
    const { t } = officesWords(this.ctx.i18n);
    if (points === null) return t('trend.none');
    const signed = `${points > 0 ? '+' : ''}${this.ctx.i18n.number(points)}`;
    return t(points > STEADY ? 'trend.up' : points < -STEADY ? 'trend.down' : 'trend.steady', { points: signed });
  }

  /** The two monthly shares as lines over 0–100 %; a month with nothing settled is a gap. A picture of the table. */
  private chart(months: Figures[]) {
    const { t } = officesWords(this.ctx.i18n);
    const top = 10;
    const plot = 120;
    const step = 100 / months.length;
    const x = (i: number) => `${i * step + step / 2}%`;
    const y = (share: number) => top + plot - (share / 100) * plot;
    const series = (pick: (m: Figures) => number | null, cls: string) =>
      months.map((m, i) => {
        const v = pick(m);
        const next = i + 1 < months.length ? pick(months[i + 1]) : null;
        return svg`${v !== null && next !== null ? svg`<line class=${cls} x1=${x(i)} x2=${x(i + 1)} y1=${y(v)} y2=${y(next)}></line>` : nothing}
          ${v !== null ? svg`<circle class=${cls} cx=${x(i)} cy=${y(v)} r="3.5"></circle>` : nothing}`;
      });
    return html`<div class="legend" aria-hidden="true">
        <span><span class="swatch accept"></span>${t('legend.accept')}</span>
        <span><span class="swatch resolve"></span>${t('legend.resolve')}</span>
      </div>
      <svg class="shares" width="100%" height=${top + plot + 22} aria-hidden="true" focusable="false">
        ${[0, 50, 100].map((v) => svg`<line class="grid" x1="2.5em" x2="100%" y1=${y(v)} y2=${y(v)}></line><text class="tick" x="0" y=${y(v) + 4}>${v}%</text>`)}
        ${series((m) => m.accept.share, 'accept')} ${series((m) => m.resolve.share, 'resolve')}
        ${months.map((m, i) => svg`<text class="month" x=${x(i)} y=${top + plot + 16} text-anchor="middle">${this.ctx.i18n.month(m.month, false)}</text>`)}
      </svg>`;
  }

  private renderOffice(o: Office) {
    const { t } = officesWords(this.ctx.i18n);
    const i18n = this.ctx.i18n;
    const id = `po-office-${o.departmentId}`;
    // Open and not yet due to be resolved (a report not yet due to be taken in charge is among them).
    const pending = (m: Omit<Figures, 'month'>) => i18n.number(m.resolve.pending);
    return html`<article class="office" aria-labelledby=${id} data-department=${o.departmentId}>
      <h4 id=${id}>${o.name}</h4>
      <p class="trend">
        <span><strong>${t('trend.accept')}:</strong> ${this.trendWords(o.trend.accept)}</span>
        <span><strong>${t('trend.resolve')}:</strong> ${this.trendWords(o.trend.resolve)}</span>
      </p>
      ${this.chart(o.months)}
      <div class="table-scroll">
        <table class="months">
          <caption>${t('caption.months', { office: o.name })}</caption>
          <thead>
            <tr>
              <th scope="col">${t('col.month')}</th>
              <th scope="col" class="num">${t('col.filed')}</th>
              <th scope="col" class="num">${t('col.accept')}</th>
              <th scope="col" class="num">${t('col.resolve')}</th>
              <th scope="col" class="num">${t('col.pending')}</th>
            </tr>
          </thead>
          <tbody>
            ${o.months.map(
              (m) => html`<tr>
                <th scope="row">${i18n.month(m.month)}</th>
                <td class="num">${i18n.number(m.filed)}</td>
                <td class="num">${this.share(m.accept)}</td>
                <td class="num">${this.share(m.resolve)}</td>
                <td class="num">${pending(m)}</td>
              </tr>`,
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">${t('total')}</th>
              <td class="num">${i18n.number(o.total.filed)}</td>
              <td class="num">${this.share(o.total.accept)}</td>
              <td class="num">${this.share(o.total.resolve)}</td>
              <td class="num">${pending(o.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <details class="categories">
        <summary>${t('categories')}</summary>
        <div class="table-scroll">
          <table>
            <caption>${t('caption.categories', { office: o.name })}</caption>
            <thead>
              <tr>
                <th scope="col">${t('col.category')}</th>
                <th scope="col" class="num">${t('col.filed')}</th>
                <th scope="col" class="num">${t('col.accept')}</th>
                <th scope="col" class="num">${t('col.resolve')}</th>
                <th scope="col">${t('col.trend')}</th>
              </tr>
            </thead>
            <tbody>
              ${o.categories.map(
                (c) => html`<tr>
                  <th scope="row">${categoryName(this.ctx, c.categoryId) ?? c.categoryId}</th>
                  <td class="num">${i18n.number(c.total.filed)}</td>
                  <td class="num">${this.share(c.total.accept)}</td>
                  <td class="num">${this.share(c.total.resolve)}</td>
                  <td>${this.trendWords(c.trend.resolve)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </article>`;
  }

  /**
   * A row of counts by age band, each with a bar against the table's largest count (an SVG
   * attribute, not a style: the console's CSP allows no inline styles).
   */
  private bandCells(bands: readonly number[], total: number, max: number) {
    const i18n = this.ctx.i18n;
    const { t } = officesWords(i18n);
    // data-label: on phones each row becomes a card, each cell a labelled line (table.stack).
    return html`${bands.map(
        (n, i) => html`<td class="num band" data-label=${t(`backlog.band.${BANDS[i]}`)}>
          <span class="value">${i18n.number(n)}</span>
          <svg class="bar b${i}" width="100%" height="7" aria-hidden="true" focusable="false">
            <rect width=${`${(100 * n) / Math.max(1, max)}%`} height="7" rx="2"></rect>
          </svg>
        </td>`,
      )}
      <td class="num" data-label=${t('backlog.total')}><strong>${i18n.number(total)}</strong></td>`;
  }

  private bandHead(first: string) {
    const { t } = officesWords(this.ctx.i18n);
    return html`<thead>
      <tr>
        <th scope="col">${first}</th>
        ${BANDS.map((b) => html`<th scope="col" class="num">${t(`backlog.band.${b}`)}</th>`)}
        <th scope="col" class="num">${t('backlog.total')}</th>
      </tr>
    </thead>`;
  }

  private renderBacklog(b: Backlog) {
    const { t } = officesWords(this.ctx.i18n);
    const max = Math.max(0, ...b.offices.flatMap((o) => o.bands));
    return html`<section class="backlog" aria-labelledby="po-backlog">
      <h3 id="po-backlog">${t('backlog.heading')}</h3>
      <p class="muted">${t('backlog.intro', { date: this.ctx.i18n.date(b.asOf) })}</p>
      ${b.offices.length === 0
        ? html`<p class="notice">${t('backlog.empty')}</p>`
        : html`<div class="table-scroll">
              <table class="backlog-offices stack">
                <caption>${t('backlog.caption')}</caption>
                ${this.bandHead(t('backlog.office'))}
                <tbody>
                  ${b.offices.map((o) => html`<tr><th scope="row">${o.name}</th>${this.bandCells(o.bands, o.total, max)}</tr>`)}
                </tbody>
              </table>
            </div>
            ${b.offices.map((o) => {
              const catMax = Math.max(0, ...o.categories.flatMap((c) => c.bands));
              return html`<details class="categories">
                <summary>${t('backlog.categories', { office: o.name })}</summary>
                <div class="table-scroll">
                  <table class="stack">
                    <caption>${t('backlog.captionCategories', { office: o.name })}</caption>
                    ${this.bandHead(t('col.category'))}
                    <tbody>
                      ${o.categories.map(
                        (c) => html`<tr><th scope="row">${categoryName(this.ctx, c.categoryId) ?? c.categoryId}</th>${this.bandCells(c.bands, c.total, catMax)}</tr>`,
                      )}
                    </tbody>
                  </table>
                </div>
              </details>`;
            })}`}
    </section>`;
  }

  override render() {
    if (!this.ctx) return nothing;
    const { t } = officesWords(this.ctx.i18n);
    return html`<section class="panel offices" aria-labelledby="po-heading" aria-busy=${this.offices || this.error ? 'false' : 'true'}>
      <h3 id="po-heading">${t('heading')}</h3>
      <p class="muted">${t('intro')}</p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${this.offices
        ? this.offices.offices.length
          ? html`<div class="offices-list">${this.offices.offices.map((o) => this.renderOffice(o))}</div>`
          : html`<p class="notice">${t('empty')}</p>`
        : this.error
          ? nothing
          : html`<p class="muted">${t('loading')}</p>`}
      ${this.backlog ? this.renderBacklog(this.backlog) : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-planning-offices': AdminPlanningOfficesPanel;
  }
}
