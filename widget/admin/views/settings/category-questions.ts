import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import type { CategorySettings } from '../../admin-api.ts';
import { questionsWords } from './category-questions.words.ts';
import { SettingsPanel } from './settings-panel.ts';

type Question = CategorySettings['questions'][number];
type QuestionType = Question['type'];
/** A question being edited: its choices as the textarea holds them. */
type Editing = Omit<Question, 'choices' | 'id'> & { id?: string; choicesText: string };

const TYPES: QuestionType[] = ['text', 'number', 'yes_no', 'choice'];
const MAX = 10;

const choicesOf = (text: string) => text.split('\n').map((c) => c.trim()).filter(Boolean);

/**
 * One category's questions and notice (issue 15 §4), opened from its row: the notice and whether
 * it blocks filing, then the questions in order (add, move, remove), saved together. The list is
 * sent whole; a question keeps its id, which Open311 partners use as the attribute's code.
 */
@customElement('segnala-admin-category-questions')
export class AdminCategoryQuestions extends SettingsPanel {
  static override styles = [
    SettingsPanel.styles,
    css`
      fieldset.question {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        margin: 0 0 0.75rem;
        padding: 0.5rem 1rem 0.75rem;
      }
      .row-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) category!: CategorySettings;

  @state() private questions: Editing[] = [];
  @state() private notice = '';
  @state() private blocks = false;

  private get w() {
    return questionsWords(this.ctx.i18n);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // Another category opened, or this one saved (the settings reloaded): start from what is stored.
    if (changed.has('category')) {
      const c = this.category;
      this.questions = c.questions.map(({ choices, ...q }) => ({ ...q, choicesText: (choices ?? []).join('\n') }));
      this.notice = c.notice ?? '';
      this.blocks = c.noticeBlocks;
    }
  }

  private change(i: number, patch: Partial<Editing>) {
    this.questions = this.questions.map((q, j) => (j === i ? { ...q, ...patch } : q));
  }

  private move(i: number, by: -1 | 1) {
    const list = [...this.questions];
    [list[i], list[i + by]] = [list[i + by], list[i]];
    this.questions = list;
    void this.updateComplete.then(() => this.input(`q-${i + by}-label`)?.focus());
  }

  private removeQuestion(i: number) {
    this.questions = this.questions.filter((_, j) => j !== i);
  }

  private add() {
    this.questions = [...this.questions, { label: '', type: 'text', required: false, choicesText: '' }];
    void this.updateComplete.then(() => this.input(`q-${this.questions.length - 1}-label`)?.focus());
  }

  private submit(e: Event) {
    e.preventDefault();
    const { t } = this.w;
    const invalid: Record<string, string> = {};
    const notice = this.notice.trim();
    if (this.blocks && !notice) invalid['q-notice'] = t('err.notice');
    this.questions.forEach((q, i) => {
      if (!q.label.trim() || q.label.trim().length > 200) invalid[`q-${i}-label`] = t('err.label');
      const choices = choicesOf(q.choicesText);
      if (q.type === 'choice' && (choices.length < 2 || new Set(choices).size !== choices.length)) invalid[`q-${i}-choices`] = t('err.choices');
    });
    if (this.showInvalid(invalid)) return;
    const questions = this.questions.map(({ choicesText, id, ...q }) => ({
      ...(id ? { id } : {}),
      ...q,
      label: q.label.trim(),
      ...(q.type === 'choice' ? { choices: choicesOf(choicesText) } : {}),
    }));
    void this.commit(() => this.ctx.api.updateCategory(this.category.id, { questions, notice: notice || null, noticeBlocks: this.blocks }), { configChanged: true });
  }

  private renderQuestion(q: Editing, i: number) {
    const { t } = this.w;
    const id = (f: string) => `q-${i}-${f}`;
    return html`<fieldset class="question">
      <legend>${t('question', { n: i + 1 })}</legend>
      <div class="grid-fields">
        ${formField({ id: id('label'), label: t('label'), error: this.invalid[id('label')], required: true }, (a) =>
          html`<input id=${id('label')} type="text" .value=${q.label} maxlength="200" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}
            @input=${(e: Event) => this.change(i, { label: (e.target as HTMLInputElement).value })} />`)}
        ${formField({ id: id('type'), label: t('type') }, () =>
          html`<select id=${id('type')} @change=${(e: Event) => this.change(i, { type: (e.target as HTMLSelectElement).value as QuestionType })}>
            ${TYPES.map((type) => html`<option value=${type} ?selected=${q.type === type}>${t(`type.${type}`)}</option>`)}
          </select>`)}
        <div class="field">
          <label class="check" for=${id('required')}><input id=${id('required')} type="checkbox" .checked=${q.required}
            @change=${(e: Event) => this.change(i, { required: (e.target as HTMLInputElement).checked })} />${t('required')}</label>
        </div>
      </div>
      ${q.type === 'choice'
        ? formField({ id: id('choices'), label: t('choices'), error: this.invalid[id('choices')], required: true }, (a) =>
            html`<textarea id=${id('choices')} rows="4" .value=${q.choicesText} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required}
              @input=${(e: Event) => this.change(i, { choicesText: (e.target as HTMLTextAreaElement).value })}></textarea>`)
        : nothing}
      <div class="row-actions">
        <button type="button" class="small" ?disabled=${i === 0} @click=${() => this.move(i, -1)}>↑ ${t('up')}<span class="visually-hidden">: ${t('question', { n: i + 1 })}</span></button>
        <button type="button" class="small" ?disabled=${i === this.questions.length - 1} @click=${() => this.move(i, 1)}>↓ ${t('down')}<span class="visually-hidden">: ${t('question', { n: i + 1 })}</span></button>
        <button type="button" class="small" @click=${() => this.removeQuestion(i)}>${t('remove')}<span class="visually-hidden">: ${t('question', { n: i + 1 })}</span></button>
      </div>
    </fieldset>`;
  }

  override render() {
    const { t } = this.w;
    return html`<form class="panel category-questions" novalidate aria-labelledby="h-questions" @submit=${this.submit}>
      <h4 id="h-questions" tabindex="-1">${t('heading', { name: this.category.name })}</h4>
      <p class="hint">${t('intro')}</p>
      ${formField({ id: 'q-notice', label: t('notice'), hint: t('noticeHint'), error: this.invalid['q-notice'] }, (a) =>
        html`<textarea id="q-notice" rows="2" maxlength="1000" .value=${this.notice} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
          @input=${(e: Event) => (this.notice = (e.target as HTMLTextAreaElement).value)}></textarea>`)}
      <div class="field">
        <label class="check" for="q-blocks"><input id="q-blocks" type="checkbox" .checked=${this.blocks}
          @change=${(e: Event) => (this.blocks = (e.target as HTMLInputElement).checked)} />${t('blocks')}</label>
      </div>
      <h5>${t('questions')}</h5>
      ${this.questions.length ? this.questions.map((q, i) => this.renderQuestion(q, i)) : html`<p class="muted">${t('none')}</p>`}
      <div class="row-actions">
        <button type="button" class="small add-question" ?disabled=${this.questions.length >= MAX} @click=${() => this.add()}>+ ${t('add')}</button>
        <button type="submit" class="primary" ?disabled=${this.busy}>${t('save')}</button>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('close'))}>${t('close')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-category-questions': AdminCategoryQuestions;
  }
}
