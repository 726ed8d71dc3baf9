import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from '../../../styles.ts';
import type { Settings, SettingsChanges } from '../../admin-api.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { loadTemplates } from '../../response-templates.ts';
import { errorMessage } from '../errors.ts';
import { changesWords } from './changes-panel.words.ts';

type Change = SettingsChanges['changes'][number];

/**
 * The record of changes to the settings (`GET /admin/settings-changes`), the latest first, a page
 * at a time. A piece of its own, loaded when the admin asks for it (settings-view.ts): most visits
 * to the settings never read it. Names of offices, categories and accounts come from the settings
 * the page already has; one deleted since shows by its number.
 */
@customElement('segnala-admin-changes-panel')
export class AdminChangesPanel extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      .fields {
        margin: 0;
        padding: 0;
        list-style: none;
        overflow-wrap: anywhere;
      }
      td {
        vertical-align: top;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) settings!: Settings;

  @state() private changes: Change[] = [];
  @state() private nextBefore: number | null = null;
  @state() private loading = false;
  @state() private error = '';
  /** Response templates' titles by id: templates are not part of the settings the page holds. */
  @state() private templateTitles = new Map<number, string>();

  override connectedCallback() {
    super.connectedCallback();
    void this.load(null);
  }

  /** Reads the latest changes again (the settings page calls it after each save). */
  reload() {
    void this.load(null);
  }

  private async load(before: number | null) {
    this.loading = true;
    this.error = '';
    try {
      const [page, templates] = await Promise.all([this.ctx.api.settingsChanges(before), loadTemplates(this.ctx.api).catch(() => [])]);
      this.templateTitles = new Map(templates.map((t) => [t.id, t.title]));
      this.changes = before === null ? page.changes : [...this.changes, ...page.changes];
      this.nextBefore = page.nextBefore;
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.loading = false;
    }
  }

  /** The office, category or account changed, by its name where the settings still have it. */
  private subjectName(c: Change): string {
    const s = this.settings;
    const named = (list: { id: number; name: string }[]) => list.find((x) => x.id === c.subjectId)?.name ?? `#${c.subjectId}`;
    if (c.subject === 'department') return named(s.departments);
    if (c.subject === 'category') return named(s.categories);
    if (c.subject === 'staff') return named(s.staff);
    // A template by its title now; a deleted one by the title its deletion recorded.
    if (c.subject === 'template') return this.templateTitles.get(c.subjectId!) ?? (typeof c.changes.title === 'string' ? c.changes.title : `#${c.subjectId}`);
    return '';
  }

  /** Offices sent by id (a category's office, an account's offices) read by their names. */
  private officeNames(field: string, v: unknown): unknown {
    const name = (id: unknown) => this.settings.departments.find((d) => d.id === id)?.name ?? `#${id}`;
    if (field === 'departmentId') return name(v);
    if (field === 'departmentIds' && Array.isArray(v)) return v.map(name);
    return v;
  }

  private value(v: unknown): string {
    const w = changesWords(this.ctx.i18n);
    if (v === true || v === false) return w.t(v ? 'value.true' : 'value.false');
    if (v === null || v === '') return w.t('value.empty');
    if (Array.isArray(v)) return v.length ? v.map((x) => this.value(x)).join(', ') : w.t('value.empty');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  private fields(c: Change) {
    const w = changesWords(this.ctx.i18n);
    if (c.subject === 'open311_key') return html`${w.t('newKey')}`;
    return html`<ul class="fields">
      ${Object.entries(c.changes).map(([k, v]) => html`<li><code>${k}</code>: ${k === 'password' ? w.t('value.changed') : this.value(this.officeNames(k, v))}</li>`)}
    </ul>`;
  }

  override render() {
    const w = changesWords(this.ctx.i18n);
    const { i18n } = this.ctx;
    return html`<section class="panel" aria-labelledby="h-changes">
      <h3 id="h-changes">${w.t('heading')}</h3>
      <p class="muted">${w.t('intro')}</p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${this.changes.length
        ? html`<div class="table-scroll">
            <table class="changes stack">
              <caption class="visually-hidden">${w.t('heading')}</caption>
              <thead>
                <tr><th scope="col">${w.t('when')}</th><th scope="col">${w.t('who')}</th><th scope="col">${w.t('what')}</th><th scope="col">${w.t('fields')}</th></tr>
              </thead>
              <tbody>
                ${this.changes.map(
                  (c) => html`<tr data-id=${c.id}>
                    <td class="block-label" data-label=${w.t('when')}><time datetime=${c.changedAt}>${i18n.dateTime(c.changedAt)}</time></td>
                    <td class="block-label" data-label=${w.t('who')}>${c.by ? c.by.name : html`<span class="muted">${w.t('removedAccount')}</span>`}</td>
                    <td class="block-label" data-label=${w.t('what')}>
                      ${w.t(`change.${c.subject}.${c.action}`, { name: this.subjectName(c) })}
                    </td>
                    <td class="block-label" data-label=${w.t('fields')}>${this.fields(c)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : this.loading || this.error
          ? nothing
          : html`<p>${w.t('none')}</p>`}
      ${this.loading ? html`<p class="muted" role="status">${w.t('loading')}</p>` : nothing}
      ${this.nextBefore !== null && !this.loading
        ? html`<button type="button" class="small" @click=${() => this.load(this.nextBefore)}>${w.t('more')}</button>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-changes-panel': AdminChangesPanel;
  }
}
