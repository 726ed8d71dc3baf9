import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { L, createMap, leafletStyles, mapStyles, reportIcon } from '../../map.ts';
import { statusBadge } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type StaffReport } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';
import './photos-panel.ts';
import './report/assign-action.ts';
import './report/assignee-action.ts';
import './report/merge-action.ts';
import './report/original-text.ts';
import './report/reply-action.ts';
import type { ActionName, RunAction } from './report/report-action.ts';
import { contactList, factsList, historyList } from './report/report-record.ts';
import './report/status-action.ts';
import './report/text-action.ts';
import './report/forward-action.ts';
import { reportViewStyles } from './report-view.styles.ts';

/**
 * One report as staff see it: every field, the reporter's contact, a small map, the full history
 * (public and internal entries marked; `report/report-record.ts`), and one element per action
 * (`report/`: status, reply or note, category and office, merge). The page runs the actions one
 * at a time: each sends the `version` it was shown; a 409 says someone else changed the report,
 * and offers to reload it.
 */
@customElement('segnala-admin-report')
export class AdminReportView extends LitElement {
  static override styles = [leafletStyles, baseStyles, mapStyles, adminStyles, reportViewStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  @property() reference = '';

  @state() private report?: StaffReport;
  @state() private loadError = '';
  @state() private busy?: ActionName;
  @state() private conflict = false;
  @state() private actionError = '';
  @state() private done = '';

  @query('h2') private heading?: HTMLElement;
  @query('.map') private mapEl?: HTMLElement;

  private map?: L.Map;
  private disposeMap?: () => void;
  private marker?: L.Marker;
  private abort?: AbortController;

  focusHeading() {
    this.heading?.focus();
  }

  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('reference')) {
      // Another report: its action forms start afresh (they are rendered anew once it is in).
      this.report = undefined;
      this.conflict = false;
      this.actionError = '';
      this.done = '';
      void this.load();
    }
  }

  protected override updated() {
    this.placeMarker();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.abort?.abort();
    this.removeMap();
  }

  private removeMap() {
    this.disposeMap?.();
    this.disposeMap = undefined;
    this.map = undefined;
    this.marker = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.ctx && this.reference && this.hasUpdated) void this.load();
  }

  /** (Re)loads the report; the one shown stays until the new one arrives, so focus is kept. */
  async load() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loadError = '';
    try {
      const report = await this.ctx.api.report(this.reference, abort.signal);
      if (abort.signal.aborted) return;
      this.report = report;
      this.conflict = false;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.loadError = errorMessage(this.ctx.i18n, err);
    }
  }

  private placeMarker() {
    const r = this.report;
    if (!r?.location || !this.mapEl) return;
    if (!this.map || this.map.getContainer() !== this.mapEl) {
      this.removeMap();
      const created = createMap(this.mapEl, this.ctx.widget, this.ctx.i18n.t('detail.map'));
      this.map = created.map;
      this.disposeMap = created.dispose;
      this.marker = undefined;
    }
    const ll = L.latLng(r.location.lat, r.location.lon);
    if (!this.marker) this.marker = L.marker(ll, { icon: reportIcon(this.ctx.widget, r), keyboard: false, interactive: false }).addTo(this.map);
    else this.marker.setLatLng(ll).setIcon(reportIcon(this.ctx.widget, r));
    this.map.invalidateSize({ animate: false, pan: false });
    this.map.setView(ll, 17, { animate: false });
  }

  /** Runs one action for its form (see `RunAction`); on success says so and reloads, on 409 offers the reload. */
  private act: RunAction = async (name, call, doneText, form) => {
    if (this.busy) return false;
    this.busy = name;
    this.actionError = '';
    this.done = '';
    this.conflict = false;
    try {
      await call();
      form.reset();
      this.done = doneText;
      this.ctx.announce(doneText);
      await this.load();
      return true;
    } catch (err) {
      if (err instanceof AdminApiError && err.status === 409) {
        this.conflict = true;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.conflict')?.focus();
      } else if (err instanceof AdminApiError && err.status === 400 && err.fields.length) {
        throw err;
      } else {
        this.actionError = errorMessage(this.ctx.i18n, err);
      }
      return false;
    } finally {
      this.busy = undefined;
    }
  };

  /** The action forms; a merged report (a duplicate) can only be written to. */
  private renderActions(r: StaffReport) {
    const merged = r.status === 'duplicate';
    const { ctx, busy, act } = this;
    return html`${merged ? nothing : html`<segnala-admin-status-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-status-action>`}
      <segnala-admin-reply-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-reply-action>
      ${merged
        ? nothing
        : html`<segnala-admin-assignee-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-assignee-action>
            <segnala-admin-assign-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-assign-action>
            <segnala-admin-merge-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-merge-action>
            ${r.status === 'hidden' ? nothing : html`<segnala-admin-forward-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-forward-action>`}`}
      <segnala-admin-text-action .ctx=${ctx} .report=${r} .busy=${busy} .act=${act}></segnala-admin-text-action>`;
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const back = html`<p>
      <a href="#segnala-admin/queue" @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: 'queue' }); }}
        ><span aria-hidden="true">← </span>${t('detail.back')}</a
      >
    </p>`;
    const r = this.report;
    if (!r) {
      return this.loadError
        ? html`${back}<h2 tabindex="-1">${t('error.notFound')}</h2><div class="notice error" role="alert">${this.loadError}</div>`
        : html`${back}<h2 tabindex="-1" class="muted">${t('loading')}</h2>`;
    }
    return html`${back}
      <article>
        <h2 tabindex="-1">${r.title}</h2>
        <div class="top">
          ${statusBadge(i18n.base, r.status)}
          <span>${t('detail.reference', { reference: r.reference })}</span>
          ${r.overdue ? html`<span class="badge overdue"><span aria-hidden="true">⚠</span>${t('queue.overdueBadge')}</span>` : nothing}
          ${r.published ? nothing : html`<span class="badge internal">${t('queue.notPublic')}</span>`}
        </div>
        ${r.duplicateOf
          ? html`<p class="notice">
              <a href=${`#segnala-admin/report/${r.duplicateOf}`} @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: 'report', reference: r.duplicateOf! }); }}
                >${t('detail.duplicateOf', { reference: r.duplicateOf })}</a
              >
            </p>`
          : nothing}
        ${this.loadError ? html`<div class="notice error" role="alert">${this.loadError}</div>` : nothing}
        <div class="layout">
          <div>
            ${factsList(this.ctx, r)}
            <h3>${t('detail.details')}</h3>
            <p class="details">${r.details}</p>
            ${r.answers.length
              ? html`<h3>${t('detail.answers')}</h3>
                  <dl class="facts answers">
                    ${r.answers.map((a) => html`<dt>${a.label}</dt><dd>${typeof a.value === 'boolean' ? t(a.value ? 'yes' : 'no') : typeof a.value === 'number' ? i18n.number(a.value) : a.value}</dd>`)}
                  </dl>`
              : nothing}
            ${r.original ? html`<segnala-admin-original-text .ctx=${this.ctx} .original=${r.original}></segnala-admin-original-text>` : nothing}
            ${r.photos.length
              ? html`<h3>${t('detail.photos')}</h3>
                  <p class="hint">${t('photos.hint')}</p>
                  <segnala-admin-photos .ctx=${this.ctx} reference=${r.reference} .photos=${r.photos}
                    @segnala-admin-photo-changed=${() => this.load()}></segnala-admin-photos>`
              : nothing}
            <h3>${t('detail.contact')}</h3>
            ${contactList(this.ctx, r)}
            ${r.location ? html`<div class="map"></div>` : nothing}
            <h3>${t('detail.history')}</h3>
            <div @segnala-admin-report-changed=${() => this.load()}>${historyList(this.ctx, r)}</div>
          </div>
          <section aria-labelledby="h-actions">
            <h3 id="h-actions" class="visually-hidden">${t('detail.actions')}</h3>
            ${this.conflict
              ? html`<div class="notice error conflict" role="alert" tabindex="-1">
                  <p>${t('detail.conflict')}</p>
                  <button type="button" @click=${() => this.load()}>${t('detail.reload')}</button>
                </div>`
              : nothing}
            ${this.actionError ? html`<div class="notice error" role="alert">${this.actionError}</div>` : nothing}
            ${this.done ? html`<div class="notice success" role="status">${this.done}</div>` : nothing}
            ${this.renderActions(r)}
          </section>
        </div>
      </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-report': AdminReportView;
  }
}
