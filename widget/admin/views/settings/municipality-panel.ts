import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
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
    if (this.showInvalid(invalid)) return;
    void this.commit(() =>
      this.ctx.api.updateMunicipality({
        publishOnArrival: this.input('m-publish').checked,
        allowedOrigins: origins,
        contactEmail: contactEmail || null,
        privacyUrl: privacyUrl || null,
        spamCheck: this.input<HTMLSelectElement>('m-spam').value as MunicipalitySettings['spamCheck'],
        formMinSeconds: Number(this.input('m-min-seconds').value),
      }),
    );
  }

  override render() {
    const { t } = this.ctx.i18n;
    const m = this.settings.municipality;
    const origins = this.invalidAttrs('m-origins');
    const email = this.invalidAttrs('m-email');
    const minSeconds = this.invalidAttrs('m-min-seconds');
    return html`<section class="panel" aria-labelledby="h-municipality">
      <h3 id="h-municipality">${t('settings.municipality')}: ${m.name}</h3>
      <form novalidate @submit=${this.submit}>
        <div class="field">
          <label class="check" for="m-publish"><input id="m-publish" type="checkbox" .checked=${m.publishOnArrival} />${t('settings.publishOnArrival')}</label>
        </div>
        <div class="field">
          <label for="m-origins">${t('settings.allowedOrigins')}</label>
          <span class="hint" id="m-origins-hint">${t('settings.allowedOriginsHint')}</span>
          ${this.fieldError('m-origins')}
          <textarea id="m-origins" rows="3" .value=${m.allowedOrigins.join('\n')} aria-invalid=${origins.invalid}
            aria-describedby=${['m-origins-hint', origins.describedBy].filter(Boolean).join(' ')}></textarea>
        </div>
        <div class="grid-fields wide-fields">
          <div class="field">
            <label for="m-email">${t('settings.contactEmail')}</label>
            ${this.fieldError('m-email')}
            <input id="m-email" type="email" .value=${m.contactEmail ?? ''} aria-invalid=${email.invalid} aria-describedby=${email.describedBy ?? nothing} />
          </div>
          <div class="field">
            <label for="m-privacy">${t('settings.privacyUrl')}</label>
            <input id="m-privacy" type="text" inputmode="url" .value=${m.privacyUrl ?? ''} />
          </div>
        </div>
        <div class="grid-fields wide-fields">
          <div class="field">
            <label for="m-spam">${t('settings.spamCheck')}</label>
            <span class="hint" id="m-spam-hint">${t('settings.spamCheckHint')}</span>
            <select id="m-spam" aria-describedby="m-spam-hint">
              ${(['off', 'form', 'pow'] as const).map(
                (v) => html`<option value=${v} ?selected=${m.spamCheck === v}>${t(`settings.spamCheck.${v}`)}</option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="m-min-seconds">${t('settings.formMinSeconds')}</label>
            <span class="hint" id="m-min-seconds-hint">${t('settings.formMinSecondsHint')}</span>
            ${this.fieldError('m-min-seconds')}
            <input id="m-min-seconds" type="number" min="0" max="600" step="1" inputmode="numeric" .value=${String(m.formMinSeconds)}
              aria-invalid=${minSeconds.invalid} aria-describedby=${['m-min-seconds-hint', minSeconds.describedBy].filter(Boolean).join(' ')} />
          </div>
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
