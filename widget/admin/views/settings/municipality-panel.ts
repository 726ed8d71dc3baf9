import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import type { MunicipalitySettings } from '../../admin-api.ts';
import { EMAIL, SettingsPanel } from './settings-panel.ts';
import { municipalityPanelStyles } from './municipality-panel.styles.ts';

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The municipality's own settings, saved together: publishing on arrival, the sites that may embed
 * the widget, contact e-mail and privacy page, and the spam check of the filing form.
 */
@customElement('segnala-admin-municipality-panel')
export class AdminMunicipalityPanel extends SettingsPanel {
  static override styles = [SettingsPanel.styles, municipalityPanelStyles];

  private submit(e: Event) {
    e.preventDefault();
    const { t } = this.ctx.i18n;
    const origins = this.input<HTMLTextAreaElement>('m-origins').value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const contactEmail = this.input('m-email').value.trim();
    const privacyUrl = this.input('m-privacy').value.trim();
    const invalid: Record<string, string> = {};
    const bad = origins.find((o) => o !== '*' && !ORIGIN.test(o));
    if (bad) invalid['m-origins'] = t('settings.err.origin', { origin: bad });
    if (contactEmail && !EMAIL.test(contactEmail)) invalid['m-email'] = t('settings.err.email');
    const minSeconds = Number(this.input('m-min-seconds').value);
    if (!Number.isInteger(minSeconds) || minSeconds < 0 || minSeconds > 600) invalid['m-min-seconds'] = t('settings.err.minSeconds');
    // Is it really fixed?
    const reopenSupporters = Number(this.input('m-reopen-supporters').value);
    const reopenWindowDays = Number(this.input('m-reopen-days').value);
    if (!Number.isInteger(reopenSupporters) || reopenSupporters < 1 || reopenSupporters > 100) invalid['m-reopen-supporters'] = t('settings.err.reopenSupporters');
    if (!Number.isInteger(reopenWindowDays) || reopenWindowDays < 1 || reopenWindowDays > 365) invalid['m-reopen-days'] = t('settings.err.reopenWindowDays');
    if (this.showInvalid(invalid)) return;
    void this.commit(() =>
      this.ctx.api.updateMunicipality({
        publishOnArrival: this.input('m-publish').checked,
        allowedOrigins: origins,
        contactEmail: contactEmail || null,
        privacyUrl: privacyUrl || null,
        spamCheck: this.input<HTMLSelectElement>('m-spam').value as MunicipalitySettings['spamCheck'],
        formMinSeconds: Number(this.input('m-min-seconds').value),
        reopenSupporters,
        reopenWindowDays,
      }),
    );
  }

  override render() {
    const { t } = this.ctx.i18n;
    const m = this.settings.municipality;
    const field = (id: string, label: string, hint?: string) => ({ id, label, hint, error: this.invalid[id] });
    return html`<section class="panel" aria-labelledby="h-municipality">
      <h3 id="h-municipality">${t('settings.municipality')}: ${m.name}</h3>
      <form novalidate @submit=${this.submit}>
        <div class="field">
          <label class="check" for="m-publish"><input id="m-publish" type="checkbox" .checked=${m.publishOnArrival} />${t('settings.publishOnArrival')}</label>
        </div>
        ${formField(
          field('m-origins', t('settings.allowedOrigins'), t('settings.allowedOriginsHint')),
          (a) => html`<textarea id="m-origins" rows="3" .value=${m.allowedOrigins.join('\n')} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}></textarea>`,
        )}
        <div class="grid-fields wide-fields">
          ${formField(
            field('m-email', t('settings.contactEmail')),
            (a) => html`<input id="m-email" type="email" .value=${m.contactEmail ?? ''} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
          )}
          ${formField(field('m-privacy', t('settings.privacyUrl')), () => html`<input id="m-privacy" type="text" inputmode="url" .value=${m.privacyUrl ?? ''} />`)}
        </div>
        <div class="grid-fields wide-fields">
          ${formField(
            field('m-spam', t('settings.spamCheck'), t('settings.spamCheckHint')),
            (a) => html`<select id="m-spam" aria-describedby=${a.describedBy}>
              ${(['off', 'form', 'pow'] as const).map(
                (v) => html`<option value=${v} ?selected=${m.spamCheck === v}>${t(`settings.spamCheck.${v}`)}</option>`,
              )}
            </select>`,
          )}
          ${formField(
            field('m-min-seconds', t('settings.formMinSeconds'), t('settings.formMinSecondsHint')),
            (a) => html`<input id="m-min-seconds" type="number" min="0" max="600" step="1" inputmode="numeric" .value=${String(m.formMinSeconds)}
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
          )}
        </div>
        <div class="grid-fields wide-fields">
          ${formField(
            field('m-reopen-supporters', t('settings.reopenSupporters'), t('settings.reopenSupportersHint')),
            (a) => html`<input id="m-reopen-supporters" type="number" min="1" max="100" step="1" inputmode="numeric" .value=${String(m.reopenSupporters)}
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
          )}
          ${formField(
            field('m-reopen-days', t('settings.reopenWindowDays'), t('settings.reopenWindowDaysHint')),
            (a) => html`<input id="m-reopen-days" type="number" min="1" max="365" step="1" inputmode="numeric" .value=${String(m.reopenWindowDays)}
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
          )}
        </div>
        <button type="submit" class="primary" ?disabled=${this.busy}>${t('save')}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-municipality-panel': AdminMunicipalityPanel;
  }
}
