import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Street } from '../../api.ts';
import '../../components/street-picker.ts';
import { type FieldErrors, firstFieldError, hasFieldErrors, mapFieldErrors, serverFields } from '../../forms/field-errors.ts';
import { formField } from '../../forms/form-field.ts';
import { baseStyles } from '../../styles.ts';
import { PHONE_FORMAT, TEXT_MAX, TITLE_MIN } from '../../../server/domain/formats.ts';
import { STAFF_CHANNELS } from '../../../server/domain/report-channel.ts';
import type { StaffFiled, StaffFiling } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { channelWords } from '../channel-words.ts';
import { errorMessage } from './errors.ts';
import { staffFilingWords } from './staff-filing-view.words.ts';

type Field = 'channel' | 'category' | 'title' | 'details' | 'street' | 'civic' | 'name' | 'email' | 'phone';
const ORDER: readonly Field[] = ['channel', 'category', 'title', 'details', 'street', 'civic', 'name', 'email', 'phone'];
/** The server's field paths (routes/admin-filing.ts) on this form's fields. */
const SERVER_FIELDS: Readonly<Record<string, Field>> = {
  channel: 'channel',
  categoryId: 'category',
  title: 'title',
  details: 'details',
  streetId: 'street',
  civic: 'civic',
  'contact.name': 'name',
  'contact.email': 'email',
  'contact.phone': 'phone',
};

/** The code as a screen reader should say it to be repeated on the phone: one character at a time. */
const spelled = (code: string) => code.split('-').map((part) => part.split('').join(' ')).join(', ');

/**
 * "Nuova segnalazione": a report taken by phone, e-mail, PEC or at the front desk, filed by staff on
 * the citizen's behalf (README, "Reports taken by phone…"). After filing, the reference and the
 * tracking code large enough to read out, and a link to the report. A piece of the console loaded
 * when first opened (segnala-admin.ts `lazyPieces`).
 */
@customElement('segnala-admin-new-report')
export class AdminStaffFilingView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      form {
        max-width: 42rem;
      }
      .filed {
        max-width: 42rem;
      }
      .filed dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 1rem;
        margin: 1rem 0;
      }
      .filed dt {
        font-weight: 600;
        color: var(--_muted);
      }
      .filed dd {
        margin: 0.2rem 0 0;
        font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
        font-size: 2rem;
        font-weight: 700;
        letter-spacing: 0.06em;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private invalid: FieldErrors<Field> = {};
  @state() private error = '';
  @state() private busy = false;
  @state() private street?: Street;
  @state() private filed?: StaffFiled & { email?: string };
  /** The type chosen: its notice and questions show (issue 15 §4). */
  @state() private categoryId?: number;
  /** What is wrong with an answer, by question id. */
  @state() private answerInvalid: Record<string, string> = {};

  @query('h2') private heading?: HTMLElement;

  /** One per report being filed: a resend after a lost answer files nothing twice. */
  private idempotencyKey = crypto.randomUUID();

  focusHeading() {
    this.heading?.focus();
  }

  private input(field: Field) {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`#nr-${field}`);
  }

  private value(field: Field) {
    return this.input(field)?.value.trim() ?? '';
  }

  /** Shows the errors, the focus on the first field with one; true if there are any. */
  private showInvalid(invalid: FieldErrors<Field>) {
    this.invalid = invalid;
    const first = firstFieldError(invalid, ORDER);
    if (first) {
      void this.updateComplete.then(() =>
        (first === 'street' ? this.renderRoot.querySelector<HTMLElement>('segnala-street-picker') : this.input(first))?.focus(),
      );
    }
    return first !== undefined;
  }

  private check(w: ReturnType<typeof staffFilingWords>): FieldErrors<Field> {
    const invalid: FieldErrors<Field> = {};
    if (!this.value('channel')) invalid.channel = w.t('err.channel');
    if (!this.value('category')) invalid.category = w.t('err.category');
    if (this.value('title').length < TITLE_MIN) invalid.title = w.t('err.title');
    if (!this.value('details')) invalid.details = w.t('err.details');
    if (!this.street) invalid.street = w.t('err.street');
    const email = this.value('email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) invalid.email = w.t('err.email');
    const phone = this.value('phone');
    if (phone && !PHONE_FORMAT.test(phone)) invalid.phone = w.t('err.phone');
    return invalid;
  }

  private category() {
    return this.ctx.config.categories.find((c) => c.id === this.categoryId);
  }

  /** The chosen type's questions answered as the server takes them; errors by question id. */
  private answers(w: ReturnType<typeof staffFilingWords>) {
    const answers: Record<string, string | number | boolean> = {};
    const invalid: Record<string, string> = {};
    for (const q of this.category()?.questions ?? []) {
      const v = this.renderRoot.querySelector<HTMLInputElement>(`#nr-a-${q.id}`)?.value.trim() ?? '';
      if (!v) {
        if (q.required) invalid[q.id] = w.t('err.answer');
      } else if (q.type === 'number') {
        if (/^-?\d+([.,]\d+)?$/.test(v)) answers[q.id] = Number(v.replace(',', '.'));
        else invalid[q.id] = w.t('err.number');
      } else answers[q.id] = q.type === 'yes_no' ? v === 'true' : v;
    }
    return { answers, invalid };
  }

  private async submit(e: Event) {
    e.preventDefault();
    const w = staffFilingWords(this.ctx.i18n);
    this.error = '';
    const { answers, invalid: answerInvalid } = this.answers(w);
    this.answerInvalid = answerInvalid;
    if (this.showInvalid(this.check(w))) return;
    const firstAnswer = Object.keys(answerInvalid)[0];
    if (firstAnswer) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#nr-a-${firstAnswer}`)?.focus();
      return;
    }
    const [name, email, phone] = [this.value('name'), this.value('email'), this.value('phone')];
    const body: StaffFiling = {
      channel: this.value('channel') as StaffFiling['channel'],
      categoryId: Number(this.value('category')),
      title: this.value('title'),
      details: this.value('details'),
      streetId: this.street!.id,
      ...(this.value('civic') ? { civic: this.value('civic') } : {}),
      ...(Object.keys(answers).length ? { answers } : {}),
      ...(name || email || phone ? { contact: { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : {}),
    };
    this.busy = true;
    try {
      const filed = await this.ctx.api.fileForCitizen(body, this.idempotencyKey);
      this.idempotencyKey = crypto.randomUUID();
      this.invalid = {};
      this.street = undefined;
      this.categoryId = undefined;
      this.filed = { ...filed, ...(email ? { email } : {}) };
      this.ctx.announce(w.t('done.announce', { reference: filed.reference, code: spelled(filed.trackingCode) }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#nr-done')?.focus();
    } catch (err) {
      const invalid = mapFieldErrors(serverFields(err), SERVER_FIELDS);
      if (hasFieldErrors(invalid)) this.showInvalid(invalid);
      else this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
  }

  private another() {
    this.filed = undefined;
    this.error = '';
    void this.updateComplete.then(() => this.input('channel')?.focus());
  }

  private field(field: Field, label: string, control: (a: Parameters<Parameters<typeof formField>[1]>[0]) => unknown, opts: { hint?: string; required?: boolean } = {}) {
    return formField({ id: `nr-${field}`, label, hint: opts.hint, error: this.invalid[field], required: opts.required }, control);
  }

  /** The chosen type's questions, as the citizen's form asks them. */
  private renderQuestions(w: ReturnType<typeof staffFilingWords>) {
    return (this.category()?.questions ?? []).map((q) =>
      formField({ id: `nr-a-${q.id}`, label: q.label, error: this.answerInvalid[q.id], required: q.required }, (a) =>
        q.type === 'text' || q.type === 'number'
          ? html`<input id=${`nr-a-${q.id}`} type="text" maxlength="500" inputmode=${q.type === 'number' ? 'decimal' : nothing}
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`
          : html`<select id=${`nr-a-${q.id}`} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}>
              <option value="">${w.t('category.choose')}</option>
              ${(q.type === 'yes_no' ? [['true', w.t('yes')], ['false', w.t('no')]] : q.choices!.map((c) => [c, c])).map(([v, label]) => html`<option value=${v}>${label}</option>`)}
            </select>`,
      ),
    );
  }

  private renderForm() {
    const { ctx } = this;
    const w = staffFilingWords(ctx.i18n);
    const ch = channelWords(ctx.i18n);
    const offices = ctx.catalog.departments.filter((d) => ctx.config.categories.some((c) => c.departmentId === d.id));
    return html`<form novalidate @submit=${this.submit} aria-describedby="nr-intro">
      ${this.field('channel', w.t('channel'), (a) => html`<select id="nr-channel" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}>
          <option value="">${w.t('channel.choose')}</option>
          ${STAFF_CHANNELS.map((c) => html`<option value=${c}>${ch.t(c)}</option>`)}
        </select>`, { required: true })}
      ${this.field('category', w.t('category'), (a) => html`<select id="nr-category" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}
          @change=${(e: Event) => (this.categoryId = Number((e.target as HTMLSelectElement).value) || undefined)}>
          <option value="">${w.t('category.choose')}</option>
          ${offices.map(
            (d) => html`<optgroup label=${d.name}>
              ${ctx.config.categories.filter((c) => c.departmentId === d.id).map((c) => html`<option value=${c.id}>${c.name}</option>`)}
            </optgroup>`,
          )}
        </select>`, { required: true })}
      ${this.category()?.notice
        ? html`<p class="notice" id="nr-notice"><strong>${w.t(this.category()!.noticeBlocks ? 'noticeBlocks' : 'notice')}</strong> ${this.category()!.notice}</p>`
        : nothing}
      ${this.renderQuestions(w)}
      ${this.field('title', w.t('title'), (a) => html`<input id="nr-title" type="text" maxlength=${TEXT_MAX.title} autocomplete="off"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`, { required: true, hint: w.t('title.hint') })}
      ${this.field('details', w.t('details'), (a) => html`<textarea id="nr-details" maxlength=${TEXT_MAX.details} rows="5"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}></textarea>`, { required: true, hint: w.t('details.hint') })}
      <div class="field">
        <segnala-street-picker
          .ctx=${ctx.widget}
          .value=${this.street}
          label=${w.t('street')}
          hint=${w.t('street.hint')}
          error=${this.invalid.street ?? ''}
          required
          @change=${(e: Event) => (this.street = (e.target as HTMLElement & { value?: Street }).value)}
        ></segnala-street-picker>
      </div>
      ${this.field('civic', w.t('civic'), (a) => html`<input id="nr-civic" type="text" maxlength=${TEXT_MAX.civic} autocomplete="off"
          aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`)}
      <fieldset aria-describedby="nr-contact-hint">
        <legend>${w.t('contact')}</legend>
        <p class="hint" id="nr-contact-hint">${w.t('contact.hint')}</p>
        ${this.field('name', w.t('name'), (a) => html`<input id="nr-name" type="text" maxlength=${TEXT_MAX.name} autocomplete="off"
            aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`)}
        ${this.field('email', w.t('email'), (a) => html`<input id="nr-email" type="email" maxlength=${TEXT_MAX.email} autocomplete="off"
            aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`)}
        ${this.field('phone', w.t('phone'), (a) => html`<input id="nr-phone" type="tel" maxlength=${TEXT_MAX.phone} autocomplete="off"
            aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`)}
      </fieldset>
      ${hasFieldErrors(this.invalid) ? html`<p class="error-text" role="alert">${w.t('err.summary')}</p>` : nothing}
      <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? w.t('sending') : w.t('submit')}</button>
    </form>`;
  }

  private renderFiled(filed: StaffFiled & { email?: string }) {
    const w = staffFilingWords(this.ctx.i18n);
    return html`<section class="filed notice success" aria-labelledby="nr-done">
      <h3 id="nr-done" tabindex="-1">${w.t('done.heading')}</h3>
      <dl>
        <div>
          <dt>${w.t('done.reference')}</dt>
          <dd data-reference>${filed.reference}</dd>
        </div>
        <div>
          <dt>${w.t('done.code')}</dt>
          <dd data-tracking-code><span aria-hidden="true">${filed.trackingCode}</span><span class="visually-hidden">${spelled(filed.trackingCode)}</span></dd>
        </div>
      </dl>
      <p>${w.t('done.readOut')}</p>
      <p>${filed.receiptQueued && filed.email ? w.t('done.mailed', { email: filed.email }) : w.t('done.notMailed')}</p>
      <p class="actions">
        <a
          href=${`#segnala-admin/report/${encodeURIComponent(filed.reference)}`}
          @click=${(e: Event) => {
            e.preventDefault();
            this.ctx.navigate({ view: 'report', reference: filed.reference });
          }}
          >${w.t('done.open', { reference: filed.reference })}</a
        >
        <button type="button" @click=${this.another}>${w.t('done.another')}</button>
      </p>
    </section>`;
  }

  override render() {
    const w = staffFilingWords(this.ctx.i18n);
    return html`<h2 tabindex="-1">${w.t('heading')}</h2>
      <p class="muted" id="nr-intro">${w.t('intro')}</p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${this.filed ? this.renderFiled(this.filed) : this.renderForm()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-new-report': AdminStaffFilingView;
  }
}
