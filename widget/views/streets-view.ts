import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReportSummary, StreetWithCount } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import { reportItem, reportListStyles } from '../report-list.ts';
import { isOpenStatus } from '../status.ts';
import { baseStyles } from '../styles.ts';
import { streetsViewStyles } from './streets-view.styles.ts';
import './streets/follow-street.ts';

/** Folds accents and case, so "liberta" finds "Via della Libertà". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'`]/g, ' ')
    .toLowerCase();

/** Every street with its count of open reports, searchable; one street's reports. */
@customElement('segnala-streets')
export class StreetsView extends LitElement {
  static override styles = [
    baseStyles,
    reportListStyles,
    streetsViewStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  /** The street whose reports are shown; none: the list of streets. */
  @property({ type: Number }) streetId?: number;

  @state() private streets?: StreetWithCount[];
  @state() private filter = '';
  @state() private onlyActive = false;
  @state() private reports?: ReportSummary[];
  @state() private error = '';

  focusHeading() {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  protected override willUpdate(changed: Map<string, unknown>) {
    if (!this.streets && changed.has('ctx') && !changed.get('ctx')) void this.loadStreets();
    if (changed.has('streetId')) void this.loadReports();
  }

  private async loadStreets() {
    try {
      this.streets = (await this.ctx.api.streetsSummary()).streets;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async loadReports() {
    this.reports = undefined;
    if (!this.streetId) return;
    try {
      this.reports = (await this.ctx.api.reports({ street: this.streetId, status: 'all', limit: 100 })).reports;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /**
   * The open reports under the count of open ones, the closed apart under their own heading: the
   * count and the list it heads agree (the count is the list's once it has loaded).
   */
  private renderReports(street: StreetWithCount | undefined) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    if (!this.reports) {
      return html`${street ? html`<p class="count">${i18n.plural('streets.active', street.openReports)}</p>` : nothing}
        <p role="status">${t('loading')}</p>`;
    }
    const open = this.reports.filter((r) => isOpenStatus(r.status));
    const closed = this.reports.filter((r) => !isOpenStatus(r.status));
    return html`<p class="count">${i18n.plural('streets.active', open.length)}</p>
      ${open.length ? html`<ul class="reports open">${open.map((r) => reportItem(this.ctx, r))}</ul>` : nothing}
      ${closed.length
        ? html`<h3 class="closed-heading">${t('filters.status.closed')} (${closed.length})</h3>
            <ul class="reports closed">${closed.map((r) => reportItem(this.ctx, r))}</ul>`
        : nothing}`;
  }

  private renderStreet(id: number) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const street = this.streets?.find((s) => s.id === id);
    const name = street?.name ?? '…';
    return html`<p>
        <a href="#segnala/streets" @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: 'streets' }); }}
          ><span aria-hidden="true">← </span>${t('streets.allStreets')}</a
        >
      </p>
      <h2 tabindex="-1">${t('streets.reportsOf', { street: name })}</h2>
      ${this.renderReports(street)}
      <div class="actions">
        <a
          class="button primary"
          part="primary-button"
          href="#segnala/new"
          @click=${(e: Event) => {
            e.preventDefault();
            this.ctx.navigate({ view: 'new', street });
          }}
          >${t('streets.newHere')}</a
        >
      </div>
      ${street ? html`<segnala-follow-street .ctx=${this.ctx} .streetId=${street.id} .streetName=${street.name}></segnala-follow-street>` : nothing}`;
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    if (this.error) return html`<div class="notice error" role="alert">${t('error.load', { message: this.error })}</div>`;
    if (this.streetId) return this.renderStreet(this.streetId);
    const q = fold(this.filter.trim());
    const shown = (this.streets ?? []).filter((s) => (!q || fold(s.name).includes(q)) && (!this.onlyActive || s.openReports > 0));
    return html`<h2 tabindex="-1">${t('streets.heading')}</h2>
      <p>${t('streets.intro')}</p>
      <div class="tools">
        <div class="field">
          <label for="s-q">${t('streets.search')}</label>
          <input id="s-q" type="search" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
        </div>
        <label class="check">
          <input type="checkbox" .checked=${this.onlyActive} @change=${(e: Event) => (this.onlyActive = (e.target as HTMLInputElement).checked)} />
          <span>${t('streets.onlyWithReports')}</span>
        </label>
      </div>
      ${!this.streets
        ? html`<p role="status">${t('loading')}</p>`
        : html`<p class="count" role="status" aria-live="polite">${i18n.plural('streets.shown', shown.length)}</p>
            <ul class="streets">
              ${shown.map(
                (s) => html`<li>
                  <a
                    href="#segnala/streets/${s.id}"
                    @click=${(e: Event) => {
                      e.preventDefault();
                      this.ctx.navigate({ view: 'streets', streetId: s.id });
                    }}
                  >
                    <span class="name">${s.name}</span>
                    <span class="n ${s.openReports ? 'some' : ''}">${i18n.plural('streets.active', s.openReports)}</span>
                  </a>
                </li>`,
              )}
            </ul>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-streets': StreetsView;
  }
}
