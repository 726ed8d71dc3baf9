import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ReportStatus, Street } from '../../api.ts';
import '../../components/street-picker.ts';
import { isOpenStatus, statusBadge } from '../../status.ts';
import { baseStyles } from '../../styles.ts';
import type { QueueFilters, QueueItem, QueueSort } from '../admin-api.ts';
import { type AdminContext, categoryName, isAdmin, ownDepartments } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';
import './queue/bulk-actions.ts';
import type { BulkDoneEvent } from './queue/bulk-actions.ts';
import { queueViewStyles } from './queue-view.styles.ts';

const STATUSES: ReportStatus[] = ['submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected', 'duplicate', 'hidden'];
const SORTS: QueueSort[] = ['newest', 'oldest', 'updated', 'supports', 'due'];
const PAGE = 50;

/** A select's value as the queue's assignee filter: `me`, `none`, a staff id, or every report. */
const assigneeOf = (value: string | undefined): QueueFilters['assignee'] =>
  value === 'me' || value === 'none' ? value : value && Number(value) > 0 ? Number(value) : undefined;

/** The people of this clerk's offices (an admin: everyone), for the filter by assignee. */
const colleagues = (ctx: AdminContext) => {
  const offices = new Set(ownDepartments(ctx).map((d) => d.id));
  return ctx.catalog.staff.filter((s) => s.departmentIds.some((d) => offices.has(d)));
};

/** The deadline that matters now: taking in charge until accepted, then resolving. */
export const dueAt = (r: QueueItem) => (r.status === 'submitted' ? r.acceptDueAt : r.resolveDueAt);

/** The office's queue: filters, a table fast to scan, paging, CSV export. A row opens the report. */
@customElement('segnala-admin-queue')
export class AdminQueueView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    queueViewStyles,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  /** Set from `defaultFilters` at the first load: the context, who is signed in, arrives later. */
  @state() private filters: QueueFilters = { status: 'open', sort: 'newest' };
  private scoped = false;
  /** References ticked for a bulk action; kept across reloads while the rows are shown. */
  @state() private selected = new Set<string>();
  @state() private street?: Street;
  @state() private reports: QueueItem[] = [];
  @state() private nextCursor: string | null = null;
  @state() private total = 0;
  @state() private loading = false;
  @state() private error = '';
  @state() private csvBusy = false;
  /** Reports waiting for the citizen's answer (issue 13 §1): shown apart, one click filters them. */
  @state() private waitingCount = 0;
  /** Filters fill a phone's screen: there they start folded. */
  @state() private filtersOpen = typeof matchMedia !== 'function' || !matchMedia('(max-width: 760px)').matches;

  @query('h2') private heading?: HTMLElement;
  @query('form.filters') private form?: HTMLFormElement;
  @query('dialog.contacts-confirm') private contactsDialog?: HTMLDialogElement;

  private abort?: AbortController;
  private loaded = false;

  /**
   * "My reports" is where a clerk starts (issue 15 §1); an admin, who usually belongs to no office,
   * starts with every report. The scope buttons above the table change it in one click.
   */
  private defaultFilters(): QueueFilters {
    return { status: 'open', sort: 'newest', ...(this.ctx?.user.role === 'staff' ? { assignee: 'me' as const } : {}) };
  }


  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    // Back from a report: the same filters and as many rows, fresh (the report may have changed).
    if (this.ctx) void this.load(false, Math.min(200, Math.max(PAGE, this.reports.length)));
  }

  protected override firstUpdated() {
    if (!this.loaded && !this.loading) void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  private async load(more = false, limit = PAGE) {
    if (!this.scoped) {
      this.filters = this.defaultFilters();
      this.scoped = true;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = '';
    try {
      const page = await this.ctx.api.queue(this.filters, more ? (this.nextCursor ?? undefined) : undefined, limit, abort.signal);
      if (abort.signal.aborted) return;
      const before = this.reports.length;
      this.reports = more ? [...this.reports, ...page.reports] : page.reports;
      // A selection holds only rows still shown (a report may have left the filter).
      const shown = new Set(this.reports.map((r) => r.reference));
      if ([...this.selected].some((ref) => !shown.has(ref))) this.selected = new Set([...this.selected].filter((ref) => shown.has(ref)));
      this.nextCursor = page.nextCursor;
      this.total = page.total;
      this.loaded = true;
      if (!more) void this.countWaiting(abort.signal);
      if (more) {
        await this.updateComplete;
        this.renderRoot.querySelectorAll<HTMLElement>('tbody tr a')[before]?.focus();
      }
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      if (!abort.signal.aborted) this.loading = false;
    }
  }

  private async countWaiting(signal: AbortSignal) {
    try {
      this.waitingCount = (await this.ctx.api.queue({ status: 'waiting_for_citizen', sort: 'newest' }, undefined, 1, signal)).total;
    } catch {
      // Only a shortcut: the queue itself says what went wrong.
    }
  }

  private async showWaiting() {
    this.filters = { status: 'waiting_for_citizen', sort: 'due', assignee: this.filters.assignee };
    await this.load();
    if (!this.error) this.ctx.announce(this.ctx.i18n.plural('queue.total', this.total));
  }

  private readForm(): QueueFilters {
    const data = new FormData(this.form!);
    const num = (name: string) => (data.get(name) ? Number(data.get(name)) : undefined);
    const str = (name: string) => (data.get(name) as string | null) || undefined;
    return {
      status: (str('status') as QueueFilters['status']) ?? 'open',
      departmentId: num('departmentId'),
      categoryId: num('categoryId'),
      streetId: this.street?.id,
      assignee: assigneeOf(str('assignee')),
      q: str('q'),
      overdue: data.get('overdue') === 'on',
      reopened: data.get('reopened') === 'on',
      from: str('from'),
      to: str('to'),
      sort: (str('sort') as QueueSort | undefined) ?? 'newest',
    };
  }

  private async applyFilters(e: Event) {
    e.preventDefault();
    this.filters = this.readForm();
    await this.load();
    if (!this.error) this.ctx.announce(this.ctx.i18n.plural('queue.total', this.total));
  }

  private async resetFilters() {
    this.form?.reset();
    this.street = undefined;
    this.filters = this.defaultFilters();
    await this.load();
    if (!this.error) this.ctx.announce(this.ctx.i18n.plural('queue.total', this.total));
  }

  /**
   * The filtered queue as a file: CSV for a spreadsheet, GeoJSON for a GIS (QGIS). Neither has the
   * reporters' contacts, except the CSV an admin asks for after confirming (`contacts`): the
   * server records that export.
   */
  private async exportFile(kind: 'csv' | 'geojson', contacts = false) {
    const { t } = this.ctx.i18n;
    this.csvBusy = true;
    try {
      const blob = await (kind === 'csv' ? this.ctx.api.csv(this.filters, { contacts }) : this.ctx.api.geojson(this.filters));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `segnalazioni-${this.ctx.config.municipality.slug}-${new Date().toISOString().slice(0, 10)}.${kind}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.ctx.announce(t(kind === 'geojson' ? 'queue.geojsonDone' : contacts ? 'queue.csvContactsDone' : 'queue.csvDone'));
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.csvBusy = false;
    }
  }

  private closeContactsDialog(exportThem: boolean) {
    this.contactsDialog?.close();
    if (exportThem) void this.exportFile('csv', true);
  }

  /** An admin's CSV with the reporters' contacts: asked for explicitly, after saying it is recorded. */
  private renderContactsExport() {
    if (!isAdmin(this.ctx)) return nothing;
    const { t } = this.ctx.i18n;
    return html`<button type="button" class="small csv-contacts" ?disabled=${this.csvBusy} @click=${() => this.contactsDialog?.showModal()}>
        <span aria-hidden="true">⤓</span>${t('queue.csvContacts')}
      </button>
      <dialog class="contacts-confirm" aria-labelledby="contacts-confirm-title" aria-describedby="contacts-confirm-text">
        <h3 id="contacts-confirm-title">${t('queue.csvContactsTitle')}</h3>
        <p id="contacts-confirm-text">${t('queue.csvContactsText')}</p>
        <div class="dialog-actions">
          <button type="button" class="primary confirm" @click=${() => this.closeContactsDialog(true)}>${t('queue.csvContactsConfirm')}</button>
          <!-- A sensitive export: the safe answer has the focus. -->
          <button type="button" class="cancel" autofocus @click=${() => this.closeContactsDialog(false)}>${t('queue.csvContactsCancel')}</button>
        </div>
      </dialog>`;
  }

  private async setScope(assignee: QueueFilters['assignee']) {
    this.filters = { ...this.filters, assignee };
    await this.load();
    if (!this.error) this.ctx.announce(this.ctx.i18n.plural('queue.total', this.total));
  }

  /** Mine, unassigned, all: the three scopes a clerk switches between all day. */
  private renderScope() {
    const { t } = this.ctx.i18n;
    const a = this.filters.assignee;
    const scopes = [['me', 'me'], ['none', 'none'], ['all', undefined]] as const;
    return html`<div class="scope" role="group" aria-label=${t('queue.scope')}>
      ${scopes.map(
        ([name, value]) => html`<button type="button" class="small scope-${name}" aria-pressed=${a === value ? 'true' : 'false'}
          @click=${() => this.setScope(value)}>${t(`queue.scope.${name}`)}</button>`,
      )}
    </div>`;
  }

  private toggle(reference: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(reference);
    else next.delete(reference);
    this.selected = next;
  }

  private toggleAll(on: boolean) {
    this.selected = on ? new Set(this.reports.map((r) => r.reference)) : new Set();
  }

  private async bulkDone(e: BulkDoneEvent) {
    const { i18n } = this.ctx;
    const { changed, unchanged } = e.detail;
    this.selected = new Set();
    await this.load(false, Math.min(200, Math.max(PAGE, this.reports.length)));
    const said = [i18n.plural('bulk.done', changed.length), unchanged.length ? i18n.plural('bulk.unchanged', unchanged.length) : ''];
    this.ctx.announce(said.filter(Boolean).join(' '));
  }

  private open(e: Event, r: QueueItem) {
    // Ctrl/⌘-click on the link opens a new tab as usual.
    if (e instanceof MouseEvent && (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0)) return;
    e.preventDefault();
    this.ctx.navigate({ view: 'report', reference: r.reference });
  }

  private renderFilters() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const f = this.filters;
    const departments = ownDepartments(this.ctx);
    return html`<details class="filters-box" ?open=${this.filtersOpen} @toggle=${(e: Event) => (this.filtersOpen = (e.target as HTMLDetailsElement).open)}>
      <summary>${t('queue.filters')}</summary>
      <form class="filters" role="search" aria-label=${t('queue.filters')} novalidate @submit=${this.applyFilters}>
        <div class="grid-fields">
          <div class="field">
            <label for="f-status">${t('queue.status')}</label>
            <select id="f-status" name="status">
              ${(['open', 'closed', 'all'] as const).map(
                (s) => html`<option value=${s} ?selected=${f.status === s}>${t(`queue.status.${s}`)}</option>`,
              )}
              ${STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${i18n.base.t(`status.${s}`)}</option>`)}
            </select>
          </div>
          ${departments.length > 1
            ? html`<div class="field">
                <label for="f-department">${t('queue.department')}</label>
                <select id="f-department" name="departmentId">
                  <option value="">${t('queue.department.all')}</option>
                  ${departments.map((d) => html`<option value=${d.id} ?selected=${f.departmentId === d.id}>${d.name}</option>`)}
                </select>
              </div>`
            : nothing}
          <div class="field">
            <label for="f-category">${t('queue.category')}</label>
            <select id="f-category" name="categoryId">
              <option value="">${t('queue.category.all')}</option>
              ${this.ctx.catalog.categories.map(
                (c) => html`<option value=${c.id} ?selected=${f.categoryId === c.id}>${categoryName(this.ctx, c.id)}</option>`,
              )}
            </select>
          </div>
          <div class="field">
            <segnala-street-picker
              .ctx=${this.ctx.widget}
              .value=${this.street}
              label=${t('queue.street')}
              @change=${(e: Event) => (this.street = (e.target as HTMLElement & { value?: Street }).value)}
            ></segnala-street-picker>
          </div>
          <div class="field">
            <label for="f-assignee">${t('queue.assignee')}</label>
            <select id="f-assignee" name="assignee">
              <option value="" ?selected=${f.assignee === undefined}>${t('queue.assignee.any')}</option>
              <option value="me" ?selected=${f.assignee === 'me'}>${t('queue.assignee.me')}</option>
              <option value="none" ?selected=${f.assignee === 'none'}>${t('queue.assignee.none')}</option>
              ${colleagues(this.ctx).map((s) => html`<option value=${s.id} ?selected=${f.assignee === s.id}>${s.name}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="f-q">${t('queue.q')}</label>
            <input id="f-q" type="search" name="q" .value=${f.q ?? ''} maxlength="200" />
          </div>
          <div class="field">
            <label for="f-from">${t('queue.from')}</label>
            <input id="f-from" type="date" name="from" .value=${f.from ?? ''} />
          </div>
          <div class="field">
            <label for="f-to">${t('queue.to')}</label>
            <input id="f-to" type="date" name="to" .value=${f.to ?? ''} />
          </div>
          <div class="field">
            <label for="f-sort">${t('queue.sort')}</label>
            <select id="f-sort" name="sort">
              ${SORTS.map((s) => html`<option value=${s} ?selected=${f.sort === s}>${t(`queue.sort.${s}`)}</option>`)}
            </select>
          </div>
          <div class="field check-field">
            <label class="check" for="f-overdue"
              ><input id="f-overdue" type="checkbox" name="overdue" .checked=${!!f.overdue} />${t('queue.overdue')}</label
            >
          </div>
          <div class="field check-field">
            <label class="check" for="f-reopened"
              ><input id="f-reopened" type="checkbox" name="reopened" .checked=${!!f.reopened} />${t('queue.reopened')}</label
            >
          </div>
        </div>
        <div class="filter-actions">
          <button type="submit" class="primary">${t('queue.apply')}</button>
          <button type="button" @click=${this.resetFilters}>${t('queue.reset')}</button>
        </div>
      </form>
    </details>`;
  }

  private renderRow(r: QueueItem) {
    const { i18n } = this.ctx;
    const { t } = i18n;
    const category = categoryName(this.ctx, r.categoryId) ?? t('none');
    const due = dueAt(r);
    return html`<tr data-reference=${r.reference} @click=${(e: Event) => this.open(e, r)}>
      <td class="pick" @click=${(e: Event) => e.stopPropagation()}>
        <input type="checkbox" aria-label=${t('queue.select', { reference: r.reference })} .checked=${this.selected.has(r.reference)}
          @change=${(e: Event) => this.toggle(r.reference, (e.target as HTMLInputElement).checked)} />
      </td>
      <td class="ref" data-label=${t('queue.col.reference')}>${r.reference}</td>
      <td class="title-cell user-text">
        <a class="title" href=${`#segnala-admin/report/${encodeURIComponent(r.reference)}`} @click=${(e: Event) => this.open(e, r)}>${r.title}</a>
      </td>
      <td data-label=${t('queue.col.status')}>
        ${statusBadge(i18n.base, r.status)}${r.published || r.status === 'hidden' ? nothing : html`<span class="sub">${t('queue.notPublic')}</span>`}
      </td>
      <td data-label=${t('queue.col.category')}>${category}</td>
      <td class="assignee" data-label=${t('queue.col.assignee')}>${r.assignee?.name ?? html`<span class="muted">${t('queue.toOffice')}</span>`}</td>
      <td class="user-text" data-label=${t('queue.col.street')}>${r.streetName ? html`${r.streetName}${r.civic ? html`<span class="sub">${r.civic}</span>` : nothing}` : t('none')}</td>
      <td data-label=${t('queue.col.age')}><time datetime=${r.createdAt} title=${i18n.dateTime(r.createdAt)}>${i18n.ago(r.createdAt)}</time></td>
      <td data-label=${t('queue.col.due')}>
        ${r.overdue
          ? html`<span class="badge overdue"><span aria-hidden="true">⚠</span>${t('queue.overdueBadge')}</span>`
          : r.status === 'waiting_for_citizen'
            ? html`<span class="badge waiting" title=${t('queue.waitingBadgeTitle')}
                ><span aria-hidden="true">‖</span>${t('queue.waitingBadge')}<span class="visually-hidden">: ${t('queue.waitingBadgeTitle')}</span></span
              >`
          : isOpenStatus(r.status)
            ? html`<time datetime=${due}>${i18n.date(due)}</time>`
            : t('none')}
      </td>
      <td class="num" data-label=${t('queue.col.supports')}>${i18n.number(r.supportCount)}</td>
    </tr>`;
  }

  override render() {
    const { i18n } = this.ctx;
    const { t } = i18n;
    return html`<h2 tabindex="-1">${t('queue.heading')}</h2>
      ${this.renderFilters()}
      ${this.renderScope()}
      <div class="toolbar">
        <p class="count">
          ${this.loaded ? html`${i18n.plural('queue.total', this.total)}${this.reports.length < this.total
                ? html` <span class="muted">(${t('queue.shown', { shown: this.reports.length, total: this.total })})</span>`
                : nothing}` : t('loading')}
        </p>
        ${this.waitingCount && this.filters.status !== 'waiting_for_citizen'
          ? html`<button type="button" class="small waiting-filter" @click=${this.showWaiting}>
              <span aria-hidden="true">‖</span>${i18n.plural('queue.waiting', this.waitingCount)}
            </button>`
          : nothing}
        <button type="button" class="small" ?disabled=${this.csvBusy} @click=${() => this.exportFile('csv')}>
          <span aria-hidden="true">⤓</span>${this.csvBusy ? t('queue.csvBusy') : t('queue.csv')}
        </button>
        <button type="button" class="small geojson" ?disabled=${this.csvBusy} @click=${() => this.exportFile('geojson')}>
          <span aria-hidden="true">⤓</span>${t('queue.geojson')}
        </button>
        ${this.renderContactsExport()}
      </div>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${this.selected.size
        ? html`<segnala-admin-bulk-actions .ctx=${this.ctx} .selection=${this.reports.filter((r) => this.selected.has(r.reference))}
            @segnala-admin-bulk-done=${this.bulkDone}
            @segnala-admin-bulk-stale=${() => this.load(false, Math.min(200, Math.max(PAGE, this.reports.length)))}
            @segnala-admin-bulk-clear=${() => (this.selected = new Set())}></segnala-admin-bulk-actions>`
        : nothing}
      ${this.loaded && !this.reports.length
        ? html`<p class="notice">${t('queue.empty')}</p>`
        : html`<table class="queue stack">
            <caption class="visually-hidden">${t('queue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="pick">
                  <input type="checkbox" aria-label=${t('queue.selectAll')}
                    .checked=${this.reports.length > 0 && this.selected.size === this.reports.length}
                    .indeterminate=${this.selected.size > 0 && this.selected.size < this.reports.length}
                    @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)} />
                </th>
                <th scope="col">${t('queue.col.reference')}</th>
                <th scope="col">${t('queue.col.title')}</th>
                <th scope="col">${t('queue.col.status')}</th>
                <th scope="col">${t('queue.col.category')}</th>
                <th scope="col" class="assignee">${t('queue.col.assignee')}</th>
                <th scope="col">${t('queue.col.street')}</th>
                <th scope="col">${t('queue.col.age')}</th>
                <th scope="col">${t('queue.col.due')}</th>
                <th scope="col" class="num">${t('queue.col.supports')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.reports.map((r) => this.renderRow(r))}
            </tbody>
          </table>`}
      ${this.nextCursor
        ? html`<div class="more">
            <button type="button" ?disabled=${this.loading} @click=${() => this.load(true)}>${t('queue.more')}</button>
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-queue': AdminQueueView;
  }
}
