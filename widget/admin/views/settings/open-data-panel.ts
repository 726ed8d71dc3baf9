import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formField } from '../../../forms/form-field.ts';
import type { MunicipalityChange } from '../../admin-api.ts';
import { openDataWords } from './open-data-panel.words.ts';
import { openDataPanelStyles } from './open-data-panel.styles.ts';
import { SettingsPanel } from './settings-panel.ts';

const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'IODL-2.0'] as const;
const IPA_CODE = /^[a-z0-9_]{1,30}$/;

/**
 * Open data (README, "Open data"): whether the municipality publishes its reports as a daily
 * dataset, under which licence, the iPA code its DCAT-AP_IT metadata names it by; once published,
 * the stable addresses of the files and the metadata, to copy into the municipality's site or
 * into dati.gov.it.
 */
@customElement('segnala-admin-open-data-panel')
export class AdminOpenDataPanel extends SettingsPanel {
  static override styles = [SettingsPanel.styles, openDataPanelStyles];

  @state() private copyNote = '';

  private get words() {
    return openDataWords(this.ctx.i18n);
  }

  /** The stable addresses (routes/open-data.ts): `{api}/api/v1/{municipality}/open-data/…`. */
  private get urls() {
    const base = `${this.ctx.api.root || location.origin}/api/v1/${encodeURIComponent(this.ctx.config.municipality.slug)}/open-data/`;
    return [
      ['csv', `${base}segnalazioni.csv`],
      ['geojson', `${base}segnalazioni.geojson`],
      ['catalogue', `${base}catalogo.rdf`],
    ] as const;
  }

  private submit(e: Event) {
    e.preventDefault();
    const { t } = this.words;
    const ipaCode = this.input('od-ipa').value.trim().toLowerCase();
    if (this.showInvalid(ipaCode && !IPA_CODE.test(ipaCode) ? { 'od-ipa': t('ipaCodeError') } : {})) return;
    const change: MunicipalityChange = {
      openData: this.input('od-publish').checked,
      openDataLicence: this.input<HTMLSelectElement>('od-licence').value as (typeof LICENCES)[number],
      ipaCode: ipaCode || null,
    };
    this.copyNote = '';
    void this.commit(() => this.ctx.api.updateMunicipality(change));
  }

  private async copy(url: string, index: number) {
    const { t } = this.words;
    try {
      await navigator.clipboard.writeText(url);
      this.copyNote = t('copied');
    } catch {
      // No clipboard (an http page, or permission refused): select it for Ctrl+C.
      const code = this.renderRoot.querySelectorAll('.urls code')[index];
      if (code) {
        const range = document.createRange();
        range.selectNodeContents(code);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
      this.copyNote = t('copyFailed');
    }
    this.ctx.announce(this.copyNote);
  }

  override render() {
    const { t } = this.words;
    const m = this.settings.municipality;
    return html`<section class="panel open-data" aria-labelledby="h-open-data">
      <h3 id="h-open-data">${t('heading')}</h3>
      <p>${t('intro')}</p>
      ${m.contactEmail ? nothing : html`<p class="hint">${t('contactNeeded')}</p>`}
      <form novalidate @submit=${this.submit}>
        <div class="field">
          <label class="check" for="od-publish"><input id="od-publish" type="checkbox" .checked=${m.openData} />${t('publish')}</label>
        </div>
        <div class="fields">
          ${formField(
            { id: 'od-licence', label: t('licence'), hint: t('licenceHint') },
            (a) => html`<select id="od-licence" aria-describedby=${a.describedBy}>
              ${LICENCES.map((l) => html`<option value=${l} ?selected=${m.openDataLicence === l}>${t(`licence.${l}`)}</option>`)}
            </select>`,
          )}
          ${formField(
            { id: 'od-ipa', label: t('ipaCode'), hint: t('ipaCodeHint'), error: this.invalid['od-ipa'] },
            (a) => html`<input id="od-ipa" type="text" autocomplete="off" spellcheck="false" .value=${m.ipaCode ?? ''}
              aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
          )}
        </div>
        <button type="submit" class="primary" ?disabled=${this.busy}>${t('save')}</button>
      </form>
      ${m.openData
        ? html`<p class="od-state on">${t('published')}</p>
            <ul class="urls">
              ${this.urls.map(
                ([what, url], i) => html`<li>
                  <span class="what">${t(what)}</span>
                  <code><a href=${url} target="_blank" rel="noopener">${url}</a></code>
                  <button type="button" aria-label=${t('copyLabel', { what: t(what) })} @click=${() => this.copy(url, i)}>${t('copy')}</button>
                </li>`,
              )}
            </ul>
            ${this.copyNote ? html`<p class="hint">${this.copyNote}</p>` : nothing}`
        : html`<p class="od-state">${t('notPublished')}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-open-data-panel': AdminOpenDataPanel;
  }
}
