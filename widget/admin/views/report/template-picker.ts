import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReportStatus } from '../../../api.ts';
import { formField } from '../../../forms/form-field.ts';
import { baseStyles } from '../../../styles.ts';
import type { ResponseTemplate, StaffReport } from '../../admin-api.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { fillFromReport, fittingTemplates, loadTemplates } from '../../response-templates.ts';
import { templateWords } from '../settings/templates-panel.words.ts';

/**
 * "Usa un modello": the response templates that fit a message about this report (its category or
 * none; `status` or none), read the first time a report's form shows it, once per session. Picking
 * one fills the message: the form hands its textarea (`target`), which stays editable; the select
 * goes back to "no template", so the same one can be picked again. Renders nothing while none fit.
 */
@customElement('segnala-admin-template-picker')
export class AdminTemplatePicker extends LitElement {
  static override styles = [baseStyles, adminStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) report!: StaffReport;
  /** The status the message goes with: the one chosen in a status change, the report's in a reply. */
  @property({ attribute: false }) status!: ReportStatus | 'unhidden';
  /** The control's id, unique in its form. */
  @property({ attribute: false }) pickerId = 'a-template';
  /** The textarea the template fills. */
  @property({ attribute: false }) target?: () => HTMLTextAreaElement | null;
  /** The expected date the form holds (`YYYY-MM-DD` of its date field), if any; else the report's. */
  @property({ attribute: false }) expectedDay?: () => string;

  @state() private templates: ResponseTemplate[] = [];

  override connectedCallback() {
    super.connectedCallback();
    // A failed read leaves the forms as they were: writing by hand is always possible.
    loadTemplates(this.ctx.api).then(
      (list) => (this.templates = list),
      () => undefined,
    );
  }

  private fill(select: HTMLSelectElement) {
    const chosen = this.templates.find((t) => String(t.id) === select.value);
    select.value = '';
    const textarea = this.target?.();
    if (!chosen || !textarea) return;
    const { ctx, report: r } = this;
    const w = templateWords(ctx.i18n);
    const day = this.expectedDay?.();
    // A day of the date field read at noon, so no time zone moves it to the day before.
    const expected = day ? `${day}T12:00:00` : r.expectedAt;
    textarea.value = fillFromReport(
      chosen.body,
      {
        reference: r.reference,
        category: ctx.catalog.categories.find((c) => c.id === r.categoryId)?.name ?? '',
        street: r.streetName ?? '',
        expectedDate: expected ? ctx.i18n.date(expected) : '',
        office: ctx.catalog.departments.find((d) => d.id === r.departmentId)?.name ?? '',
      },
      (name) => (name === 'street' ? w.t('noStreet') : name === 'expectedDate' ? w.t('noDate') : ''),
    );
    // Tall enough to read the whole message before sending it (up to a screenful).
    textarea.style.height = `${Math.min(textarea.scrollHeight + 4, 400)}px`;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    textarea.focus();
    ctx.announce(w.t('used', { title: chosen.title }));
  }

  override render() {
    const fitting = fittingTemplates(this.templates, this.report.categoryId, this.status);
    if (!fitting.length) return nothing;
    const w = templateWords(this.ctx.i18n);
    const id = this.pickerId;
    return formField(
      { id, label: w.t('use'), hint: w.t('useHint') },
      (a) => html`<select id=${id} aria-describedby=${a.describedBy} @change=${(e: Event) => this.fill(e.target as HTMLSelectElement)}>
        <option value="">${w.t('useNone')}</option>
        ${fitting.map((t) => html`<option value=${t.id}>${t.title}</option>`)}
      </select>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-template-picker': AdminTemplatePicker;
  }
}
