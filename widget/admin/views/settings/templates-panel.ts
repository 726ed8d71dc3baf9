import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { hasFieldErrors, mapFieldErrors, serverFields } from '../../../forms/field-errors.ts';
import { type FieldAria, formField } from '../../../forms/form-field.ts';
import { statusLabel } from '../../../status.ts';
import { unknownPlaceholders } from '../../../../server/domain/response-templates.ts';
import type { ReportStatus } from '../../../api.ts';
import type { NewResponseTemplate, ResponseTemplate } from '../../admin-api.ts';
import {
  TEMPLATE_BODY_MAX,
  TEMPLATE_PLACEHOLDERS,
  TEMPLATE_TITLE_MAX,
  createTemplate,
  deleteTemplate,
  loadTemplates,
  updateTemplate,
} from '../../response-templates.ts';
import { errorMessage } from '../errors.ts';
import { SettingsPanel } from './settings-panel.ts';
import { templateWords } from './templates-panel.words.ts';

/** The statuses a template may be for (the server's list: every status a change can carry a message to). */
const STATUSES: Exclude<ReportStatus, 'duplicate'>[] = ['submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen', 'resolved', 'rejected', 'hidden'];

/** Where the server's refusal of a field lands on the form. */
const FIELDS = { title: 'tpl-title', body: 'tpl-body', categoryId: 'tpl-category', status: 'tpl-status' } as const;

/**
 * Response templates (README "Response templates"): the list, and one form that adds a template or
 * edits the one chosen (title, text with placeholders, optional type of problem and status); a
 * template is deleted after a confirmation in its row. Saved through the page like every panel,
 * so each change is told at the top and lands in the record of changes.
 */
@customElement('segnala-admin-templates-panel')
export class AdminTemplatesPanel extends SettingsPanel {
  static override styles = [
    SettingsPanel.styles,
    css`
      textarea#tpl-body {
        min-height: 8rem;
      }
      .excerpt {
        overflow-wrap: anywhere;
        white-space: pre-line;
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
        max-width: 32rem;
      }
      .row-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .confirm-remove p {
        margin: 0 0 0.5rem;
      }
      .template-form .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      code {
        white-space: nowrap;
      }
    `,
  ];

  @state() private templates?: ResponseTemplate[];
  @state() private loadError = '';
  /** The template the form edits; undefined: the form adds one. */
  @state() private editing?: ResponseTemplate;
  /** The template whose row asks to confirm its deletion. */
  @state() private removing?: number;

  override connectedCallback() {
    super.connectedCallback();
    void this.load(true);
  }

  private async load(fresh = false) {
    try {
      this.templates = await loadTemplates(this.ctx.api, { fresh });
      this.loadError = '';
    } catch (err) {
      this.loadError = errorMessage(this.ctx.i18n, err);
    }
  }

  private get words() {
    return templateWords(this.ctx.i18n);
  }

  private read() {
    const w = this.words;
    const title = this.input('tpl-title').value.trim();
    const body = this.input<HTMLTextAreaElement>('tpl-body').value.trim();
    const category = this.input<HTMLSelectElement>('tpl-category').value;
    const status = this.input<HTMLSelectElement>('tpl-status').value;
    const invalid: Record<string, string> = {};
    if (title.length < 2 || title.length > TEMPLATE_TITLE_MAX) invalid['tpl-title'] = w.t('err.title', { max: TEMPLATE_TITLE_MAX });
    const unknown = unknownPlaceholders(body);
    if (!body || body.length > TEMPLATE_BODY_MAX) invalid['tpl-body'] = w.t('err.body', { max: TEMPLATE_BODY_MAX });
    else if (unknown.length) invalid['tpl-body'] = w.t('err.placeholder', { unknown: unknown.map((u) => `{${u}}`).join(', '), list: this.placeholderList() });
    const values: NewResponseTemplate = {
      title,
      body,
      categoryId: category ? Number(category) : null,
      status: status ? (status as (typeof STATUSES)[number]) : null,
    };
    return { values, invalid };
  }

  private placeholderList() {
    return TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
  }

  /** A write through the page's save; a refusal naming fields is shown at them too, the focus on the first. */
  private async write(change: () => Promise<unknown>, opts: { form?: HTMLFormElement; added?: boolean } = {}) {
    const saved = await this.commit(async () => {
      try {
        await change();
      } catch (err) {
        const errors = mapFieldErrors(serverFields(err), FIELDS);
        if (hasFieldErrors(errors)) void this.updateComplete.then(() => this.showInvalid(errors));
        throw err;
      }
    }, { form: opts.form, done: opts.added ? 'settings.added' : undefined });
    if (saved) {
      this.editing = undefined;
      this.removing = undefined;
    }
    await this.load();
    return saved;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const { values, invalid } = this.read();
    if (this.showInvalid(invalid)) return;
    const editing = this.editing;
    const form = e.target as HTMLFormElement;
    await this.write(() => (editing ? updateTemplate(this.ctx.api, editing.id, values) : createTemplate(this.ctx.api, values)), { form, added: !editing });
  }

  private async edit(t: ResponseTemplate) {
    this.editing = t;
    this.removing = undefined;
    this.invalid = {};
    await this.updateComplete;
    this.input('tpl-title').value = t.title;
    this.input<HTMLTextAreaElement>('tpl-body').value = t.body;
    this.input<HTMLSelectElement>('tpl-category').value = t.categoryId === null ? '' : String(t.categoryId);
    this.input<HTMLSelectElement>('tpl-status').value = t.status ?? '';
    this.input('tpl-title').focus();
  }

  private cancelEdit(form: HTMLFormElement | null) {
    const id = this.editing?.id;
    this.editing = undefined;
    this.invalid = {};
    form?.reset();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`tr[data-id="${id}"] .edit`)?.focus());
  }

  private async askRemove(t: ResponseTemplate) {
    this.removing = t.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.confirm-remove')?.focus();
  }

  private cancelRemove(id: number) {
    this.removing = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`tr[data-id="${id}"] .remove`)?.focus());
  }

  private async removeTemplate(t: ResponseTemplate) {
    const form = this.editing?.id === t.id ? this.renderRoot.querySelector('form') ?? undefined : undefined;
    await this.write(() => deleteTemplate(this.ctx.api, t.id), { form });
  }

  private categoryName(id: number | null) {
    const w = this.words;
    if (id === null) return html`<span class="muted">${w.t('anyCategory')}</span>`;
    return this.settings.categories.find((c) => c.id === id)?.name ?? `#${id}`;
  }

  private statusName(s: string | null) {
    const w = this.words;
    return s === null ? html`<span class="muted">${w.t('anyStatus')}</span>` : statusLabel(this.ctx.i18n.base, s as ReportStatus);
  }

  private rows(list: ResponseTemplate[]) {
    const w = this.words;
    return html`<div class="table-scroll">
      <table class="templates stack">
        <caption class="visually-hidden">${w.t('heading')}</caption>
        <thead>
          <tr>
            <th scope="col">${w.t('title')}</th>
            <th scope="col">${w.t('category')}</th>
            <th scope="col">${w.t('status')}</th>
            <th scope="col">${w.t('body')}</th>
            <th scope="col"><span class="visually-hidden">${w.t('actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (x) => html`<tr data-id=${x.id}>
              <th scope="row" class="block-label" data-label=${w.t('title')}>${x.title}</th>
              <td class="block-label" data-label=${w.t('category')}>${this.categoryName(x.categoryId)}</td>
              <td class="block-label" data-label=${w.t('status')}>${this.statusName(x.status)}</td>
              <td class="block-label" data-label=${w.t('body')}><div class="excerpt">${x.body}</div></td>
              <td>
                ${this.removing === x.id
                  ? html`<div class="confirm-remove" tabindex="-1" role="group" aria-label=${w.t('remove')}>
                      <p>${w.t('removeConfirm', { title: x.title })}</p>
                      <div class="row-actions">
                        <button type="button" class="small primary" ?disabled=${this.busy} @click=${() => this.removeTemplate(x)}>${w.t('removeYes')}</button>
                        <button type="button" class="small" @click=${() => this.cancelRemove(x.id)}>${w.t('cancel')}</button>
                      </div>
                    </div>`
                  : html`<div class="row-actions">
                      <button type="button" class="small edit" ?disabled=${this.busy} @click=${() => this.edit(x)}>
                        ${w.t('edit')}<span class="visually-hidden">: ${x.title}</span>
                      </button>
                      <button type="button" class="small remove" ?disabled=${this.busy} @click=${() => this.askRemove(x)}>
                        ${w.t('remove')}<span class="visually-hidden">: ${x.title}</span>
                      </button>
                    </div>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private form() {
    const w = this.words;
    const editing = this.editing;
    const field = (id: string, label: string, hint: string | undefined, control: (a: FieldAria) => unknown) => formField({ id, label, hint, error: this.invalid[id] }, control);
    return html`<form class="add template-form" novalidate aria-labelledby="h-template-form" @submit=${this.submit}>
      <h4 id="h-template-form">${editing ? w.t('editing', { title: editing.title }) : w.t('add')}</h4>
      ${field('tpl-title', w.t('title'), undefined, (a) => html`<input id="tpl-title" type="text" maxlength=${TEMPLATE_TITLE_MAX}
        aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`)}
      ${field(
        'tpl-body',
        w.t('body'),
        w.t('placeholders', { list: TEMPLATE_PLACEHOLDERS.map((p) => `{${p}} (${w.t(`placeholder.${p}`)})`).join(', ') }),
        (a) => html`<textarea id="tpl-body" maxlength=${TEMPLATE_BODY_MAX} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}></textarea>`,
      )}
      <div class="grid-fields">
        ${field('tpl-category', w.t('category'), w.t('categoryHint'), (a) => html`<select id="tpl-category" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}>
          <option value="">${w.t('anyCategory')}</option>
          ${this.settings.categories.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
        </select>`)}
        ${field('tpl-status', w.t('status'), w.t('statusHint'), (a) => html`<select id="tpl-status" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}>
          <option value="">${w.t('anyStatus')}</option>
          ${STATUSES.map((s) => html`<option value=${s}>${statusLabel(this.ctx.i18n.base, s)}</option>`)}
        </select>`)}
      </div>
      <div class="buttons">
        <button type="submit" class="primary" ?disabled=${this.busy}>${editing ? w.t('editSubmit') : w.t('addSubmit')}</button>
        ${editing ? html`<button type="button" @click=${(e: Event) => this.cancelEdit((e.target as HTMLElement).closest('form'))}>${w.t('cancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  override render() {
    const w = this.words;
    const list = this.templates;
    return html`<section class="panel" aria-labelledby="h-templates">
      <h3 id="h-templates">${w.t('heading')}</h3>
      <p class="muted">${w.t('intro')}</p>
      ${this.loadError ? html`<div class="notice error" role="alert">${this.loadError}</div>` : nothing}
      ${list ? (list.length ? this.rows(list) : html`<p>${w.t('none')}</p>`) : this.loadError ? nothing : html`<p class="muted">${w.t('loading')}</p>`}
      ${this.form()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-templates-panel': AdminTemplatesPanel;
  }
}
