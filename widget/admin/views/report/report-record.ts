import { html, nothing } from 'lit';
import { isOpenStatus, statusLabel } from '../../../status.ts';
import type { StaffEvent, StaffReport } from '../../admin-api.ts';
import { type AdminContext, categoryName, departmentName } from '../../admin-context.ts';
import './publish-citizen-message.ts';
import { textEditWords } from './text-edit.words.ts';
import { bodyWords } from '../settings/bodies-panel.words.ts';

/*
 * What the report page shows of a report, as templates rendered in the page's own shadow root
 * (its styles are in `../report-view.styles.ts`): the facts, the reporter's contact, the history.
 */

/** "1", "2"… as the photos are shown; "?" for a photo no longer in the report. */
function photoNumber(r: StaffReport, id: string) {
  const i = r.photos.findIndex((p) => p.id === id);
  return i < 0 ? '?' : String(i + 1);
}

/** One history entry in words. */
export function eventText(ctx: AdminContext, r: StaffReport, e: StaffEvent): string {
  const { i18n } = ctx;
  const { t } = i18n;
  const d = (e.data ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'created':
      return t('event.created');
    case 'status':
      return e.status ? t('event.status', { status: statusLabel(i18n.base, e.status) }) : t('event.other');
    // Outside bodies: forwarded to one, and what the body wrote through its link
    case 'forward':
      return bodyWords(i18n).t('event.forward', { name: String(d.body ?? '') });
    case 'body_update':
      return bodyWords(i18n).t('event.bodyUpdate', { name: String(d.body ?? '') });
    case 'reply':
      return t('event.reply');
    case 'note':
      if (typeof d.photo === 'string') return t(d.hidden ? 'event.photoHidden' : 'event.photoShown', { n: photoNumber(r, d.photo) });
      return t('event.note');
    case 'assign': {
      const department = departmentName(ctx, d.toDepartmentId as number);
      const category = categoryName(ctx, d.toCategoryId as number);
      return department && category ? t('event.assignTo', { department, category }) : t('event.assign');
    }
    // Given to a person (named while they have an account), or back to the office as a whole
    case 'assignee': {
      if (d.toAssigneeId == null) return t('event.assigneeNone');
      const name = ctx.catalog.staff.find((s) => s.id === d.toAssigneeId)?.name;
      return name ? t('event.assignee', { name }) : t('event.assigneeSomeone');
    }
    case 'citizen_message':
      return t('event.citizenMessage');
    // Is it really fixed?: "not fixed" sent it back to the office (its message says why)
    case 'reopened':
      return t('event.reopened');
    // Moderation of the public words: which of them changed (the reason is the event's message)
    case 'edit': {
      const before = (d.before ?? {}) as { title?: string; details?: string };
      const after = (d.after ?? {}) as { title?: string; details?: string };
      const title = before.title !== after.title;
      const details = before.details !== after.details;
      return textEditWords(i18n).t(title && details ? 'event.both' : title ? 'event.title' : 'event.details');
    }
    case 'merge':
      if (typeof d.into === 'string') return t('event.merge', { reference: d.into });
      if (typeof d.from === 'string') return t('event.mergeFrom', { reference: d.from });
      return t('event.other');
    default:
      return e.status ? t('event.status', { status: statusLabel(i18n.base, e.status) }) : t('event.other');
  }
}

/** The outside body an event is by (its update, a status it gave) or about (a forward). */
const bodyOf = (e: StaffEvent) => {
  const body = (e.data as { body?: unknown } | undefined)?.body;
  return typeof body === 'string' ? body : undefined;
};

/** The full history, newest first, public and internal entries marked. */
export function historyList(ctx: AdminContext, r: StaffReport) {
  const { i18n } = ctx;
  const { t } = i18n;
  return html`<ol class="history">
    ${[...r.events].reverse().map(
      (e) => html`<li class=${e.public ? 'public' : 'internal'}>
        <div class="meta">
          <time datetime=${e.at}>${i18n.dateTime(e.at)}</time>
          <span>${e.by
            ? t('detail.by', { name: e.by.name })
            : e.type === 'citizen_message'
              ? t('detail.byCitizen')
              : bodyOf(e)
                ? bodyWords(i18n).t('by', { name: bodyOf(e)! })
                : t('detail.bySystem')}</span>
          ${e.public
            ? html`<span class="badge public"><span aria-hidden="true">◉</span>${t('detail.public')}</span>`
            : html`<span class="badge internal"><span aria-hidden="true">◇</span>${t('detail.internal')}</span>`}
        </div>
        <strong>${eventText(ctx, r, e)}</strong>
        ${e.type === 'forward' && typeof (e.data as { note?: unknown } | undefined)?.note === 'string'
          ? html`<p class="muted">${bodyWords(i18n).t('note')}</p>
              <blockquote>${(e.data as { note: string }).note}</blockquote>`
          : nothing}
        ${e.message && !(e.type === 'note' && typeof e.data?.photo === 'string') ? html`<blockquote>${e.message}</blockquote>` : nothing}
        ${e.type === 'citizen_message' && !e.public
          ? html`<segnala-admin-publish-citizen-message .ctx=${ctx} reference=${r.reference} eventId=${e.id}></segnala-admin-publish-citizen-message>`
          : nothing}
      </li>`,
    )}
  </ol>`;
}

/** Category, office, place, dates and deadlines, publication, supporters. */
export function factsList(ctx: AdminContext, r: StaffReport) {
  const { i18n } = ctx;
  const { t } = i18n;
  const category = categoryName(ctx, r.categoryId) ?? t('none');
  const department = departmentName(ctx, r.departmentId) ?? t('none');
  const when = (iso: string | null) => (iso ? html`<time datetime=${iso}>${i18n.dateTime(iso)}</time>` : t('none'));
  return html`<dl class="facts" aria-label=${t('detail.facts')}>
    <dt>${t('detail.category')}</dt>
    <dd>${category}</dd>
    <dt>${t('detail.department')}</dt>
    <dd>${department}</dd>
    <dt>${t('detail.assignee')}</dt>
    <dd>${r.assignee?.name ?? t('queue.toOffice')}</dd>
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

/** The reporter's name, e-mail and phone, as far as given; the e-mail and phone as links. */
export function contactList(ctx: AdminContext, r: StaffReport) {
  const { t } = ctx.i18n;
  const c = r.contact;
  if (!c.name && !c.email && !c.phone) return html`<p class="muted">${t('detail.contactNone')}</p>`;
  return html`<dl class="facts contact">
    ${c.name ? html`<dt>${t('detail.contactName')}</dt><dd>${c.name}</dd>` : nothing}
    ${c.email ? html`<dt>${t('detail.contactEmail')}</dt><dd><a href=${`mailto:${c.email}`}>${c.email}</a></dd>` : nothing}
    ${c.phone ? html`<dt>${t('detail.contactPhone')}</dt><dd><a href=${`tel:${c.phone.replace(/\s+/g, '')}`}>${c.phone}</a></dd>` : nothing}
  </dl>`;
}
