import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { type AdminContext, categoryName, ownDepartments } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import type { PlanningFilters } from './planning/filters.ts';
import { defaultPlanningFilters } from './planning/filters.ts';
import { planningWords } from './planning/planning-words.ts';
import './planning/density-panel.ts';
import './planning/places-panel.ts';
import './planning/offices-panel.ts';

/**
 * The planning view of the console (a lazily loaded piece): one set of filters, then where faults
 * concentrate (density panel: a map of cells, each cell's reports) and recur (places panel: recurring
 * faults, every street) and what the offices
 * achieve (offices panel: deadlines kept month by month, backlog by age). Every chart has its table,
 * which is what screen readers read and what prints.
 */
@customElement('segnala-admin-planning')
export class AdminPlanningView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      form.filters .grid-fields {
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        align-items: end;
      }
      @media print {
        form.filters,
        .print {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private filters: PlanningFilters = defaultPlanningFilters();

  @query('h2') private heading?: HTMLElement;

  focusHeading() {
    this.heading?.focus();
  }

  private apply(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const str = (name: string) => (data.get(name) as string | null) || undefined;
    const num = (name: string) => (str(name) ? Number(str(name)) : undefined);
    const defaults = defaultPlanningFilters();
    this.filters = {
      from: str('from') ?? defaults.from,
      to: str('to') ?? defaults.to,
      categoryId: num('categoryId'),
      departmentId: num('departmentId'),
      status: (str('status') as PlanningFilters['status']) ?? 'all',
    };
  }

  private renderFilters() {
    const words = planningWords(this.ctx.i18n);
    const { t } = words;
    const departments = ownDepartments(this.ctx);
    const f = this.filters;
    return html`<form class="filters panel" novalidate aria-label=${t('filters')} @submit=${this.apply}>
      <div class="grid-fields">
        <div class="field">
          <label for="p-from">${t('from')}</label>
          <input id="p-from" type="date" name="from" .value=${f.from ?? ''} />
        </div>
        <div class="field">
          <label for="p-to">${t('to')}</label>
          <input id="p-to" type="date" name="to" .value=${f.to ?? ''} />
        </div>
        <div class="field">
          <label for="p-category">${t('category')}</label>
          <select id="p-category" name="categoryId">
            <option value="">${t('category.all')}</option>
            ${this.ctx.catalog.categories.map(
              (c) => html`<option value=${c.id} ?selected=${f.categoryId === c.id}>${categoryName(this.ctx, c.id)}</option>`,
            )}
          </select>
        </div>
        ${departments.length > 1
          ? html`<div class="field">
              <label for="p-department">${t('department')}</label>
              <select id="p-department" name="departmentId">
                <option value="">${t('department.all')}</option>
                ${departments.map((d) => html`<option value=${d.id} ?selected=${f.departmentId === d.id}>${d.name}</option>`)}
              </select>
            </div>`
          : nothing}
        <div class="field">
          <label for="p-status">${t('status')}</label>
          <select id="p-status" name="status">
            ${(['all', 'open', 'closed'] as const).map((s) => html`<option value=${s} ?selected=${(f.status ?? 'all') === s}>${t(`status.${s}`)}</option>`)}
          </select>
        </div>
        <div class="field actions">
          <button type="submit" class="primary">${t('apply')}</button>
          <button type="button" class="print" @click=${() => window.print()}>${t('print')}</button>
        </div>
      </div>
    </form>`;
  }

  override render() {
    const { t } = planningWords(this.ctx.i18n);
    const i18n = this.ctx.i18n;
    return html`<h2 tabindex="-1">${t('heading')}</h2>
      <p class="muted">${t('intro')}</p>
      ${this.renderFilters()}
      <p class="period">${t('period', { from: i18n.date(this.filters.from), to: i18n.date(this.filters.to) })}</p>
      <segnala-admin-planning-density .ctx=${this.ctx} .filters=${this.filters}></segnala-admin-planning-density>
      <segnala-admin-planning-places .ctx=${this.ctx} .filters=${this.filters}></segnala-admin-planning-places>
      <segnala-admin-planning-offices .ctx=${this.ctx} .filters=${this.filters}></segnala-admin-planning-offices>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-planning': AdminPlanningView;
  }
}
