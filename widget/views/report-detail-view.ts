import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError, type ReportDetail, type ReportEvent } from '../api.ts';
import '../components/photo-gallery.ts';
import '../components/support-button.ts';
import type { WidgetContext } from '../context.ts';
import type { Translator } from '../i18n.ts';
import { L, createMap, leafletStyles, mapStyles, reportIcon } from '../map.ts';
import { isOpenStatus, statusBadge, statusLabel } from '../status.ts';
import { baseStyles } from '../styles.ts';
import { historyStyles, reportDetailViewStyles } from './report-detail-view.styles.ts';

/** Text of one public history entry. */
export function eventText(i18n: Translator, e: ReportEvent): string {
  switch (e.type) {
    case 'created':
      return i18n.t('event.created');
    case 'reply':
      return i18n.t('event.reply');
    case 'merge':
      return i18n.t('event.merged');
    // Is it really fixed?: "not fixed" sent it back to the office (its message says why)
    case 'reopened':
      return i18n.t('event.reopened');
    // Outside bodies: forwarded to one, and what the body itself wrote or changed
    case 'forward':
      return i18n.t('event.forward', { body: e.body ?? '' });
    case 'body_update':
      return i18n.t('event.bodyUpdate', { body: e.body ?? '' });
    default:
      if (e.status && e.body) return i18n.t('event.bodyStatus', { status: statusLabel(i18n, e.status), body: e.body });
      // A status change, or another staff action that came with a new status.
      return e.status ? i18n.t('event.status', { status: statusLabel(i18n, e.status) }) : i18n.t('event.other');
  }
}

export function historyList(i18n: Translator, events: ReportEvent[]) {
  if (!events.length) return html`<p class="muted">${i18n.t('detail.noHistory')}</p>`;
  return html`<ol class="history">
    ${[...events].reverse().map(
      (e) => html`<li>
        <time datetime=${e.at}>${i18n.dateTime(e.at)}</time>
        <strong>${eventText(i18n, e)}</strong>
        ${e.message ? html`<blockquote>${e.message}</blockquote>` : nothing}
      </li>`,
    )}
  </ol>`;
}

/** One report as the public sees it: facts, history, office replies, and "Mi associo". */
@customElement('segnala-report-detail')
export class ReportDetailView extends LitElement {
  static override styles = [
    leafletStyles,
    baseStyles,
    mapStyles,
    historyStyles,
    reportDetailViewStyles,
  ];

  @property({ attribute: false }) ctx!: WidgetContext;
  @property() reference = '';

  @state() private report?: ReportDetail;
  @state() private error = '';
  @state() private notFound = false;

  @query('h2') private heading?: HTMLElement;
  @query('.map') private mapEl?: HTMLElement;

  private map?: L.Map;
  private marker?: L.Marker;
  private abort?: AbortController;

  focusHeading() {
    this.heading?.focus();
  }

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('reference')) void this.load();
  }

  protected override updated() {
    this.placeMarker();
  }

  private async load() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.error = '';
    this.notFound = false;
    this.report = undefined;
    try {
      const report = await this.ctx.api.report(this.reference, abort.signal);
      if (!abort.signal.aborted) this.report = report;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      if (err instanceof ApiError && err.status === 404) this.notFound = true;
      else this.error = (err as Error).message;
    }
  }

  private placeMarker() {
    const r = this.report;
    if (!r?.location || !this.mapEl) return;
    if (!this.map || this.map.getContainer() !== this.mapEl) {
      this.map?.remove();
      this.map = createMap(this.mapEl, this.ctx, this.ctx.i18n.t('detail.place')).map;
      this.marker = undefined;
    }
    const ll = L.latLng(r.location.lat, r.location.lon);
    if (!this.marker) this.marker = L.marker(ll, { icon: reportIcon(this.ctx, r), keyboard: false, interactive: false }).addTo(this.map);
    else this.marker.setLatLng(ll).setIcon(reportIcon(this.ctx, r));
    this.map.invalidateSize({ animate: false, pan: false });
    this.map.setView(ll, 17, { animate: false });
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const back = html`<p>
      <a href="#segnala/map" @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: 'map' }); }}
        ><span aria-hidden="true">← </span>${t('backToList')}</a
      >
    </p>`;
    if (this.notFound) return html`${back}<h2 tabindex="-1">${t('error.notFound')}</h2>`;
    if (this.error) return html`${back}<div class="notice error" role="alert">${t('error.load', { message: this.error })}</div>`;
    const r = this.report;
    if (!r) return html`${back}<h2 tabindex="-1" class="muted">${t('loading')}</h2>`;
    const category = this.ctx.config.categories.find((c) => c.id === r.categoryId)?.name;
    const department = this.ctx.config.departments.find((d) => d.id === r.departmentId)?.name;
    return html`${back}
      <article>
        <h2 tabindex="-1">${r.title}</h2>
        <div class="top">
          ${statusBadge(i18n, r.status)}
          <span class="muted">${t('detail.reference', { reference: r.reference })}</span>
        </div>
        ${r.forwardedTo ? html`<p class="notice">${t('detail.forwardedTo', { body: r.forwardedTo.name })}</p>` : nothing}
        ${r.duplicateOf
          ? html`<p class="notice">
              <a href="#segnala/report/${r.duplicateOf}" @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: 'report', reference: r.duplicateOf! }); }}
                >${t('detail.duplicateOf', { reference: r.duplicateOf })}</a
              >
            </p>`
          : nothing}
        <div class="layout">
          <div>
            <dl class="facts">
              <dt>${t('detail.category')}</dt>
              <dd>${category ?? '—'}</dd>
              <dt>${t('detail.place')}</dt>
              <dd>${r.streetName ? `${r.streetName}${r.civic ? `, ${r.civic}` : ''}` : r.civic || t('new.notGiven')}</dd>
              <dt>${t('detail.filed')}</dt>
              <dd><time datetime=${r.createdAt}>${i18n.date(r.createdAt)}</time></dd>
              ${department ? html`<dt>${t('detail.department')}</dt><dd>${department}</dd>` : nothing}
            </dl>
            <h3>${t('detail.details')}</h3>
            <p class="details">${r.details}</p>
            ${r.photos?.length
              ? html`<h3>${t('detail.photos')}</h3>
                  <segnala-photo-gallery exportparts="button" .ctx=${this.ctx} .photos=${r.photos} reference=${r.reference}></segnala-photo-gallery>`
              : nothing}
            <section class="card support" aria-labelledby="support-h">
              <h3 id="support-h">${t('support.heading')}</h3>
              <segnala-support-button
                exportparts="primary-button,button"
                .ctx=${this.ctx}
                reference=${r.reference}
                .count=${r.supportCount}
                ?closed=${!isOpenStatus(r.status)}
                with-email
              ></segnala-support-button>
            </section>
          </div>
          <div>
            ${r.location ? html`<div class="map" part="map"></div>` : nothing}
            <h3>${t('detail.history')}</h3>
            ${historyList(i18n, r.events)}
          </div>
        </div>
      </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-report-detail': ReportDetailView;
  }
}
