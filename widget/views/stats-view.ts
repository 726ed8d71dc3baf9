import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Answer, PublicRoutes } from '../contract.ts';
import type { WidgetContext } from '../context.ts';
import { baseStyles } from '../styles.ts';
import { statsViewStyles } from './stats-view.styles.ts';

type Stats = Answer<PublicRoutes['stats']['$get']>;

/**
 * The words of this view live here, in its own chunk, not in the first view's catalogues
 * (widget/i18n.ts): only those who open the statistics download them.
 */
const words = {
  it: {
    heading: 'Le segnalazioni in numeri',
    intro: 'Da {from} a {to}: gli stessi dati che il Comune pubblica come dati aperti. Non sono contate le segnalazioni nascoste dalla moderazione né quelle unite ad altre.',
    period: 'Periodo',
    months: 'Ultimi {n} mesi',
    created: 'Ricevute',
    resolved: 'Risolte',
    open: 'Aperte ora',
    toAccept: 'Tempo mediano per la presa in carico',
    toResolve: 'Tempo mediano per la risoluzione',
    byCategory: 'Per tipo di disservizio',
    category: 'Tipo di disservizio',
    byMonth: 'Mese per mese',
    month: 'Mese',
    streets: 'Le strade con più segnalazioni',
    street: 'Strada',
    reports: 'Segnalazioni',
    off: 'Il Comune non pubblica le statistiche delle segnalazioni.',
    lessThanHour: 'meno di un’ora',
    hour: '{n} ora',
    hours: '{n} ore',
    day: '{n} giorno',
    days: '{n} giorni',
  },
  en: {
    heading: 'Reports in figures',
    intro: 'From {from} to {to}: the same data the municipality publishes as open data. Reports hidden by moderation and reports merged into others are not counted.',
    period: 'Period',
    months: 'Last {n} months',
    created: 'Received',
    resolved: 'Resolved',
    open: 'Open now',
    toAccept: 'Median time to take in charge',
    toResolve: 'Median time to resolve',
    byCategory: 'By type of problem',
    category: 'Type of problem',
    byMonth: 'Month by month',
    month: 'Month',
    streets: 'The streets with most reports',
    street: 'Street',
    reports: 'Reports',
    off: 'The municipality does not publish statistics of the reports.',
    lessThanHour: 'less than an hour',
    hour: '{n} hour',
    hours: '{n} hours',
    day: '{n} day',
    days: '{n} days',
  },
};
type Word = keyof typeof words.it;

/** Open and resolved reports by category and month, median times, the busiest streets (GET /stats). */
@customElement('segnala-stats')
export class StatsView extends LitElement {
  static override styles = [baseStyles, statsViewStyles];

  @property({ attribute: false }) ctx!: WidgetContext;

  @state() private months = 12;
  @state() private stats?: Stats;
  /** `off`: the municipality publishes no open data; otherwise the error's message. */
  @state() private error = '';
  private loaded?: string;

  focusHeading() {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  protected override willUpdate() {
    const key = `${this.ctx.api.base}/stats?months=${this.months}`;
    if (key !== this.loaded) void this.load((this.loaded = key));
  }

  private async load(url: string) {
    this.error = '';
    try {
      const res = await fetch(url, { credentials: 'omit' });
      const body = await res.json();
      if (url !== this.loaded) return;
      if (res.ok) this.stats = body;
      else this.error = body?.error?.code === 'open_data_off' ? 'off' : body?.error?.message ?? res.statusText;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private w(key: Word, n?: number | string) {
    const text = words[this.ctx.i18n.lang][key];
    return n === undefined ? text : text.replace('{n}', typeof n === 'number' ? this.ctx.i18n.number(n) : n);
  }

  /** "3 giorni", "5 ore": to the hour under two days, to the day after (as the server keeps them). */
  private duration(hours: number | null) {
    if (hours === null) return '–';
    if (hours < 1) return this.w('lessThanHour');
    if (hours < 48) return this.w(hours === 1 ? 'hour' : 'hours', hours);
    const days = Math.round(hours / 24);
    return this.w(days === 1 ? 'day' : 'days', days);
  }

  private monthName(month: string, style: 'long' | 'short') {
    return new Intl.DateTimeFormat(this.ctx.i18n.locale, { month: style, year: 'numeric' }).format(new Date(`${month}-15T12:00:00Z`));
  }

  /** A count with its bar; the bar is drawing only (the table's number is what is read). */
  private bar(n: number, max: number, kind = '') {
    return html`<td class="num">
      ${this.ctx.i18n.number(n)}<svg class="bar ${kind}" aria-hidden="true"><rect width="${max ? (100 * n) / max : 0}%" height="100%"></rect></svg>
    </td>`;
  }

  private table(caption: string, heads: Word[], rows: unknown[]) {
    return html`<table>
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr>${heads.map((h) => html`<th scope="col">${this.w(h)}</th>`)}</tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
  }

  private renderStats(s: Stats) {
    const cats = Math.max(...s.byCategory.map((c) => Math.max(c.created, c.resolved, c.open)));
    const months = Math.max(...s.monthly.map((m) => Math.max(m.created, m.resolved)));
    const streets = Math.max(...s.topStreets.map((t) => t.reports));
    return html`<p>${this.w('intro').replace('{from}', this.monthName(s.from, 'long')).replace('{to}', this.monthName(s.to, 'long'))}</p>
      <dl class="totals">
        ${([
          ['created', this.ctx.i18n.number(s.totals.created)],
          ['resolved', this.ctx.i18n.number(s.totals.resolved)],
          ['open', this.ctx.i18n.number(s.totals.open)],
          ['toAccept', this.duration(s.medians.hoursToAccept)],
          ['toResolve', this.duration(s.medians.hoursToResolve)],
        ] as [Word, string][]).map(([k, v]) => html`<div><dt>${this.w(k)}</dt><dd>${v}</dd></div>`)}
      </dl>
      <h3>${this.w('byCategory')}</h3>
      ${this.table(
        this.w('byCategory'),
        ['category', 'created', 'resolved', 'open', 'toResolve'],
        s.byCategory.map(
          (c) => html`<tr>
            <th scope="row">${c.name}</th>
            ${this.bar(c.created, cats)}${this.bar(c.resolved, cats, 'done')}${this.bar(c.open, cats, 'open')}
            <td>${this.duration(c.hoursToResolve)}</td>
          </tr>`,
        ),
      )}
      <h3>${this.w('byMonth')}</h3>
      ${this.table(
        this.w('byMonth'),
        ['month', 'created', 'resolved'],
        s.monthly.map(
          (m) => html`<tr>
            <th scope="row"><abbr title=${this.monthName(m.month, 'long')}>${this.monthName(m.month, 'short')}</abbr></th>
            ${this.bar(m.created, months)}${this.bar(m.resolved, months, 'done')}
          </tr>`,
        ),
      )}
      ${s.topStreets.length
        ? html`<h3>${this.w('streets')}</h3>
            ${this.table(
              this.w('streets'),
              ['street', 'reports', 'open'],
              s.topStreets.map(
                (t) => html`<tr>
                  <th scope="row">
                    <a
                      href="#segnala/streets/${t.streetId}"
                      @click=${(e: Event) => {
                        e.preventDefault();
                        this.ctx.navigate({ view: 'streets', streetId: t.streetId });
                      }}
                      >${t.name}</a
                    >
                  </th>
                  ${this.bar(t.reports, streets)}${this.bar(t.open, streets, 'open')}
                </tr>`,
              ),
            )}`
        : nothing}`;
  }

  override render() {
    const { t } = this.ctx.i18n;
    return html`<h2 tabindex="-1">${this.w('heading')}</h2>
      ${this.error === 'off'
        ? html`<p class="notice">${this.w('off')}</p>`
        : html`<div class="field">
              <label for="st-months">${this.w('period')}</label>
              <select id="st-months" @change=${(e: Event) => (this.months = Number((e.target as HTMLSelectElement).value))}>
                ${[6, 12, 24].map((n) => html`<option value=${n} ?selected=${n === this.months}>${this.w('months', n)}</option>`)}
              </select>
            </div>
            ${this.error
              ? html`<div class="notice error" role="alert">${t('error.load', { message: this.error })}</div>`
              : this.stats
                ? this.renderStats(this.stats)
                : html`<p role="status">${t('loading')}</p>`}`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-stats': StatsView;
  }
}
