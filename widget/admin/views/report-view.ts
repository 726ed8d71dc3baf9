import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ReportStatus } from '../../api.ts';
import { L, createMap, leafletStyles, mapStyles, reportIcon } from '../../map.ts';
import { isOpenStatus, statusBadge, statusLabel } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type StaffEvent, type StaffReport } from '../admin-api.ts';
import { type AdminContext, categoryName, departmentName } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';
import './photos-panel.ts';

const STATUSES: ReportStatus[] = ['submitted', 'accepted', 'in_progress', 'scheduled', 'resolved', 'rejected', 'hidden'];
const REFERENCE = /^\d{4}-\d{6}$/;

type ActionName = 'status' | 'reply' | 'assign' | 'merge';
type FieldErrors = Partial<Record<'status' | 'message' | 'expectedAt' | 'reply' | 'assign' | 'into', string>>;

/** The status a clerk most likely moves to next: the select starts there. */
function nextStatus(current: ReportStatus): ReportStatus | 'unhidden' {
  if (current === 'hidden') return 'unhidden';
  if (current === 'submitted') return 'accepted';
  if (current === 'accepted') return 'in_progress';
  if (current === 'in_progress' || current === 'scheduled') return 'resolved';
  return 'accepted';
}

/**
 * One report as staff see it: every field, the reporter's contact, a small map, the full history
 * (public and internal entries marked), and the actions. Each action sends the `version` it was
 * shown; a 409 says someone else changed the report, and offers to reload it.
 */
@customElement('segnala-admin-report')
export class AdminReportView extends LitElement {
  static override styles = [
    leafletStyles,
    baseStyles,
    mapStyles,
    adminStyles,
    css`
      .top {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-bottom: 1rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 1.5rem;
      }
      .details {
        white-space: pre-line;
      }
      .map {
        height: 220px;
        min-height: 0;
        margin-bottom: 1rem;
      }
      ol.history {
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
      }
      ol.history li {
        border-left: 4px solid var(--_primary);
        padding: 0.35rem 0.75rem;
        margin: 0 0 0.6rem;
        background: var(--_bg);
      }
      ol.history li.internal {
        border-left-color: #b36b00;
        background: #fffaf0;
      }
      ol.history .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
        font-size: 0.9em;
        color: var(--_muted);
      }
      ol.history blockquote {
        margin: 0.3rem 0 0;
        white-space: pre-line;
      }
      textarea {
        min-height: 5em;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .conflict {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .conflict p {
        margin: 0;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;
  @property() reference = '';

  @state() private report?: StaffReport;
  @state() private loadError = '';
  @state() private busy?: ActionName;
  @state() private conflict = false;
  @state() private actionError = '';
  @state() private done = '';
  @state() private errors: FieldErrors = {};
  @state() private chosenStatus?: ReportStatus | 'unhidden';

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
      this.report = undefined;
      this.resetActionState();
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

  private resetActionState() {
    this.conflict = false;
    this.actionError = '';
    this.done = '';
    this.errors = {};
    this.chosenStatus = undefined;
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

  /** Runs one action; on success says so and reloads, on 409 offers the reload. */
  private async act(name: ActionName, call: () => Promise<unknown>, doneText: string, form: HTMLFormElement) {
    if (this.busy) return;
    this.busy = name;
    this.actionError = '';
    this.done = '';
    this.conflict = false;
    try {
      await call();
      form.reset();
      this.chosenStatus = undefined;
      this.done = doneText;
      this.ctx.announce(doneText);
      await this.load();
    } catch (err) {
      if (err instanceof AdminApiError && err.status === 409) {
        this.conflict = true;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.conflict')?.focus();
      } else if (err instanceof AdminApiError && err.status === 400 && err.fields.length) {
        const map: Record<string, keyof FieldErrors> = { message: 'message', expectedAt: 'expectedAt', status: 'status', into: 'into', departmentId: 'assign', categoryId: 'assign' };
        const errors: FieldErrors = {};
        for (const f of err.fields) errors[map[f.field] ?? (name === 'reply' ? 'reply' : 'status')] = f.message;
        this.errors = errors;
      } else {
        this.actionError = errorMessage(this.ctx.i18n, err);
      }
    } finally {
      this.busy = undefined;
    }
  }

  private submitStatus(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report!;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const status = data.get('status') as ReportStatus | 'unhidden';
    const message = String(data.get('message') ?? '').trim();
    const expectedAt = String(data.get('expectedAt') ?? '');
    const errors: FieldErrors = {};
    if ((status === 'rejected' || status === 'hidden') && !message) errors.message = t('action.err.reason');
    if (status === 'scheduled' && !expectedAt) errors.expectedAt = t('action.err.expectedAt');
    this.errors = errors;
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus());
      return;
    }
    const label = status === 'unhidden' ? t('action.unhide') : statusLabel(this.ctx.i18n.base, status);
    void this.act(
      'status',
      () => this.ctx.api.changeStatus(r.reference, { status, version: r.version, ...(message ? { message } : {}), ...(status === 'scheduled' ? { expectedAt } : {}) }),
      t('action.statusDone', { status: label }),
      form,
    );
  }

  private submitReply(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report!;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const internal = (e.submitter as HTMLButtonElement | null)?.value === 'internal';
    const message = String(new FormData(form).get('reply') ?? '').trim();
    this.errors = message ? {} : { reply: t('action.err.replyText') };
    if (!message) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#a-reply')?.focus());
      return;
    }
    void this.act('reply', () => this.ctx.api.reply(r.reference, message, internal), t(internal ? 'action.noteDone' : 'action.replyDone'), form);
  }

  private submitAssign(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report!;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const departmentId = Number(data.get('departmentId'));
    const categoryId = Number(data.get('categoryId'));
    const to = {
      ...(departmentId && departmentId !== r.departmentId ? { departmentId } : {}),
      ...(categoryId && categoryId !== r.categoryId ? { categoryId } : {}),
    };
    this.errors = Object.keys(to).length ? {} : { assign: t('action.err.assignSame') };
    if (!Object.keys(to).length) return;
    void this.act('assign', () => this.ctx.api.assign(r.reference, { ...to, version: r.version }), t('action.assignDone'), form);
  }

  private submitMerge(e: SubmitEvent) {
    e.preventDefault();
    const r = this.report!;
    const { t } = this.ctx.i18n;
    const form = e.target as HTMLFormElement;
    const into = String(new FormData(form).get('into') ?? '').trim();
    const ok = REFERENCE.test(into) && into !== r.reference;
    this.errors = ok ? {} : { into: t('action.err.mergeInto') };
    if (!ok) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#a-into')?.focus());
      return;
    }
    void this.act('merge', () => this.ctx.api.merge(r.reference, into, r.version), t('action.mergeDone', { reference: into }), form);
  }

  private eventText(e: StaffEvent): string {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const d = (e.data ?? {}) as Record<string, unknown>;
    switch (e.type) {
      case 'created':
        return t('event.created');
      case 'status':
        return e.status ? t('event.status', { status: statusLabel(i18n.base, e.status) }) : t('event.other');
      case 'reply':
        return t('event.reply');
      case 'note':
        if (typeof d.photo === 'string') return t(d.hidden ? 'event.photoHidden' : 'event.photoShown', { n: this.photoNumber(d.photo) });
        return t('event.note');
      case 'assign': {
        const department = departmentName(this.ctx, d.toDepartmentId as number);
        const category = categoryName(this.ctx, d.toCategoryId as number);
        return department && category ? t('event.assignTo', { department, category }) : t('event.assign');
      }
      case 'merge':
        if (typeof d.into === 'string') return t('event.merge', { reference: d.into });
        if (typeof d.from === 'string') return t('event.mergeFrom', { reference: d.from });
        return t('event.other');
      default:
        return e.status ? t('event.status', { status: statusLabel(i18n.base, e.status) }) : t('event.other');
    }
  }

  /** "1", "2"… as the photos are shown; "?" for a photo no longer in the report. */
  private photoNumber(id: string) {
    const i = this.report?.photos.findIndex((p) => p.id === id) ?? -1;
    return i < 0 ? '?' : String(i + 1);
  }

  private renderHistory(r: StaffReport) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    return html`<ol class="history">
      ${[...r.events].reverse().map(
        (e) => html`<li class=${e.public ? 'public' : 'internal'}>
          <div class="meta">
            <time datetime=${e.at}>${i18n.dateTime(e.at)}</time>
            <span>${e.by ? t('detail.by', { name: e.by.name }) : t('detail.bySystem')}</span>
            ${e.public
              ? html`<span class="badge public"><span aria-hidden="true">◉</span>${t('detail.public')}</span>`
              : html`<span class="badge internal"><span aria-hidden="true">◇</span>${t('detail.internal')}</span>`}
          </div>
          <strong>${this.eventText(e)}</strong>
          ${e.message && !(e.type === 'note' && typeof e.data?.photo === 'string') ? html`<blockquote>${e.message}</blockquote>` : nothing}
        </li>`,
      )}
    </ol>`;
  }

  private renderFacts(r: StaffReport) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const category = categoryName(this.ctx, r.categoryId) ?? t('none');
    const department = departmentName(this.ctx, r.departmentId) ?? t('none');
    const when = (iso: string | null) => (iso ? html`<time datetime=${iso}>${i18n.dateTime(iso)}</time>` : t('none'));
    return html`<dl class="facts" aria-label=${t('detail.facts')}>
      <dt>${t('detail.category')}</dt>
      <dd>${category}</dd>
      <dt>${t('detail.department')}</dt>
      <dd>${department}</dd>
      <dt>${t('detail.place')}</dt>
      <dd>${r.streetName ? `${r.streetName}${r.civic ? `, ${r.civic}` : ''}` : r.civic || t('detail.noPlace')}</dd>
      <dt>${t('detail.created')}</dt>
      <dd>${when(r.createdAt)} <span class="muted">(${i18n.ago(r.createdAt)})</span></dd>
      <dt>${t('detail.accepted')}</dt>
      <dd>${when(r.acceptedAt)}</dd>
      ${r.expectedAt ? html`<dt>${t('detail.expected')}</dt><dd><time datetime=${r.expectedAt}>${i18n.date(r.expectedAt)}</time></dd>` : nothing}
      ${r.closedAt ? html`<dt>${t('detail.closed')}</dt><dd>${when(r.closedAt)}</dd>` : nothing}
      ${isOpenStatus(r.status)
        ? html`<dt>${t(r.acceptedAt ? 'detail.resolveDue' : 'detail.acceptDue')}</dt>
            <dd>
              <time datetime=${r.acceptedAt ? r.resolveDueAt : r.acceptDueAt}>${i18n.date(r.acceptedAt ? r.resolveDueAt : r.acceptDueAt)}</time>
              ${r.overdue ? html` <span class="badge overdue"><span aria-hidden="true">⚠</span>${t('queue.overdueBadge')}</span>` : nothing}
            </dd>`
        : nothing}
      <dt>${t('detail.published')}</dt>
      <dd>${r.published ? t('yes') : t('no')}</dd>
      <dt>${t('detail.supporters')}</dt>
      <dd>${t('detail.supportersWithEmail', { count: r.supporters.count, withEmail: r.supporters.withEmail })}</dd>
    </dl>`;
  }

  private renderContact(r: StaffReport) {
    const { t } = this.ctx.i18n;
    const c = r.contact;
    if (!c.name && !c.email && !c.phone) return html`<p class="muted">${t('detail.contactNone')}</p>`;
    return html`<dl class="facts contact">
      ${c.name ? html`<dt>${t('detail.contactName')}</dt><dd>${c.name}</dd>` : nothing}
      ${c.email ? html`<dt>${t('detail.contactEmail')}</dt><dd><a href=${`mailto:${c.email}`}>${c.email}</a></dd>` : nothing}
      ${c.phone ? html`<dt>${t('detail.contactPhone')}</dt><dd><a href=${`tel:${c.phone.replace(/\s+/g, '')}`}>${c.phone}</a></dd>` : nothing}
    </dl>`;
  }

  private fieldError(key: keyof FieldErrors, id: string) {
    const e = this.errors[key];
    return e ? html`<span class="error-text" id=${id}>${e}</span>` : nothing;
  }

  private renderStatusForm(r: StaffReport) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const options: (ReportStatus | 'unhidden')[] = r.status === 'hidden' ? ['unhidden', ...STATUSES.filter((s) => s !== 'hidden')] : STATUSES.filter((s) => s !== r.status);
    const chosen = this.chosenStatus && options.includes(this.chosenStatus) ? this.chosenStatus : nextStatus(r.status);
    const needsReason = chosen === 'rejected' || chosen === 'hidden';
    const hint = chosen === 'hidden' ? t('action.reasonHiddenHint') : needsReason ? t('action.reasonHint') : t('action.messageHint');
    const describedBy = ['a-message-hint', this.errors.message ? 'a-message-error' : ''].filter(Boolean).join(' ');
    return html`<form class="panel" novalidate aria-labelledby="h-status" @submit=${this.submitStatus}>
      <h3 id="h-status">${t('action.status')}</h3>
      <div class="field">
        <label for="a-status">${t('action.statusNew')}</label>
        <select id="a-status" name="status" @change=${(e: Event) => (this.chosenStatus = (e.target as HTMLSelectElement).value as ReportStatus)}>
          ${options.map(
            (s) => html`<option value=${s} ?selected=${s === chosen}>${s === 'unhidden' ? t('action.unhide') : statusLabel(i18n.base, s)}</option>`,
          )}
        </select>
      </div>
      ${chosen === 'scheduled'
        ? html`<div class="field">
            <label for="a-expected">${t('action.expectedAt')} <span class="muted">(${t('required')})</span></label>
            ${this.fieldError('expectedAt', 'a-expected-error')}
            <input id="a-expected" type="date" name="expectedAt" required min=${new Date().toISOString().slice(0, 10)}
              aria-invalid=${this.errors.expectedAt ? 'true' : 'false'} aria-describedby=${this.errors.expectedAt ? 'a-expected-error' : nothing} />
          </div>`
        : nothing}
      <div class="field">
        <label for="a-message">${needsReason ? html`${t('action.reason')} <span class="muted">(${t('required')})</span>` : t('action.message')}</label>
        <span class="hint" id="a-message-hint">${hint}</span>
        ${this.fieldError('message', 'a-message-error')}
        <textarea id="a-message" name="message" maxlength="5000" ?required=${needsReason}
          aria-invalid=${this.errors.message ? 'true' : 'false'} aria-describedby=${describedBy}></textarea>
      </div>
      ${this.fieldError('status', 'a-status-error')}
      <button type="submit" class="primary" ?disabled=${!!this.busy}>${this.busy === 'status' ? t('action.busy') : t('action.statusSubmit')}</button>
    </form>`;
  }

  private renderReplyForm() {
    const { t } = this.ctx.i18n;
    return html`<form class="panel" novalidate aria-labelledby="h-reply" @submit=${this.submitReply}>
      <h3 id="h-reply">${t('action.reply')}</h3>
      <div class="field">
        <label for="a-reply">${t('action.replyText')}</label>
        ${this.fieldError('reply', 'a-reply-error')}
        <textarea id="a-reply" name="reply" maxlength="5000" aria-invalid=${this.errors.reply ? 'true' : 'false'}
          aria-describedby=${this.errors.reply ? 'a-reply-error' : nothing}></textarea>
      </div>
      <div class="buttons">
        <button type="submit" class="primary" name="kind" value="public" ?disabled=${!!this.busy}>${t('action.replyPublic')}</button>
        <button type="submit" name="kind" value="internal" ?disabled=${!!this.busy}><span aria-hidden="true">◇</span>${t('action.replyInternal')}</button>
      </div>
    </form>`;
  }

  private renderAssignForm(r: StaffReport) {
    const { t } = this.ctx.i18n;
    // New reports go to active categories only; a retired current one stays listed (and chosen),
    // so sending the form for the office alone does not move the report to another category.
    const categories = this.ctx.catalog.categories.filter((c) => c.active || c.id === r.categoryId);
    return html`<form class="panel" novalidate aria-labelledby="h-assign" @submit=${this.submitAssign}>
      <h3 id="h-assign">${t('action.assign')}</h3>
      <p class="hint" id="a-assign-hint">${t('action.assignHint')}</p>
      <div class="grid-fields">
        <div class="field">
          <label for="a-category">${t('detail.category')}</label>
          <select id="a-category" name="categoryId" aria-describedby="a-assign-hint">
            ${categories.map((c) => html`<option value=${c.id} ?selected=${c.id === r.categoryId}>${categoryName(this.ctx, c.id)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="a-department">${t('detail.department')}</label>
          <select id="a-department" name="departmentId">
            ${this.ctx.catalog.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === r.departmentId}>${d.name}</option>`)}
          </select>
        </div>
      </div>
      ${this.fieldError('assign', 'a-assign-error')}
      <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'assign' ? t('action.busy') : t('action.assignSubmit')}</button>
    </form>`;
  }

  private renderMergeForm() {
    const { t } = this.ctx.i18n;
    return html`<form class="panel" novalidate aria-labelledby="h-merge" @submit=${this.submitMerge}>
      <h3 id="h-merge">${t('action.merge')}</h3>
      <div class="field">
        <label for="a-into">${t('action.mergeInto')}</label>
        <span class="hint" id="a-into-hint">${t('action.mergeHint')}</span>
        ${this.fieldError('into', 'a-into-error')}
        <input id="a-into" type="text" name="into" inputmode="numeric" autocomplete="off" pattern="\\d{4}-\\d{6}"
          aria-invalid=${this.errors.into ? 'true' : 'false'} aria-describedby=${this.errors.into ? 'a-into-hint a-into-error' : 'a-into-hint'} />
      </div>
      <button type="submit" ?disabled=${!!this.busy}>${this.busy === 'merge' ? t('action.busy') : t('action.mergeSubmit')}</button>
    </form>`;
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
    const merged = r.status === 'duplicate';
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
            ${this.renderFacts(r)}
            <h3>${t('detail.details')}</h3>
            <p class="details">${r.details}</p>
            ${r.photos.length
              ? html`<h3>${t('detail.photos')}</h3>
                  <p class="hint">${t('photos.hint')}</p>
                  <segnala-admin-photos .ctx=${this.ctx} reference=${r.reference} .photos=${r.photos}
                    @segnala-admin-photo-changed=${() => this.load()}></segnala-admin-photos>`
              : nothing}
            <h3>${t('detail.contact')}</h3>
            ${this.renderContact(r)}
            ${r.location ? html`<div class="map"></div>` : nothing}
            <h3>${t('detail.history')}</h3>
            ${this.renderHistory(r)}
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
            ${merged ? nothing : this.renderStatusForm(r)} ${this.renderReplyForm()}
            ${merged ? nothing : html`${this.renderAssignForm(r)} ${this.renderMergeForm()}`}
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
