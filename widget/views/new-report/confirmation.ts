/**
 * The last screen of the filing form: the reference, the tracking code to keep (with a copy
 * button), whether a receipt was e-mailed, whether the report waits for review and the office's
 * promise (../track/promise.ts). The template and the copying; the form (`../new-report-view.ts`)
 * owns the state.
 */
import { html, nothing } from 'lit';
import type { FiledReport } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import type { Translator } from '../../i18n.ts';
import { promiseBlock } from '../track/promise.ts';

export interface ConfirmationActions {
  copy(): void;
  another(): void;
}

/** `email`: the address given (trimmed), for the receipt line; `copyMessage`: how the copy went. */
export function confirmation(ctx: WidgetContext, f: FiledReport, email: string, copyMessage: string, actions: ConfirmationActions) {
  const { t } = ctx.i18n;
  return html`<div class="narrow">
    <div class="notice success">
      <p>${t('new.doneText')}</p>
      ${email ? html`<p class="receipt">${t('new.doneReceipt', { email })}</p>` : nothing}
      ${f.published === false ? html`<p>${t('new.notYetPublic')}</p>` : nothing}
    </div>
    <dl class="facts">
      <dt>${t('new.reference')}</dt>
      <dd><strong class="reference">${f.reference}</strong></dd>
      <dt>${t('new.trackingCode')}</dt>
      <dd><span class="code" id="code">${f.trackingCode}</span></dd>
    </dl>
    ${f.promise ? promiseBlock(ctx, f.promise, { heading: 'h3' }) : nothing}
    <p id="keep">${t('new.keepCode')}</p>
    <div class="actions">
      <button type="button" part="button" aria-describedby="keep" @click=${actions.copy}>${t('new.copy')}</button>
      <span role="status" aria-live="polite">${copyMessage}</span>
    </div>
    <div class="actions">
      <button type="button" class="primary" part="primary-button" @click=${() => ctx.navigate({ view: 'track', code: f.trackingCode })}>
        ${t('new.trackIt')}
      </button>
      <button type="button" part="button" @click=${actions.another}>${t('new.another')}</button>
    </div>
  </div>`;
}

/**
 * Copies the code; where the clipboard API is refused (an embedding page's permissions policy),
 * selects the code on screen and tries the old way. Returns what to tell the citizen.
 */
export async function copyCode(code: string, shown: Element | null, { t }: Translator): Promise<string> {
  try {
    await navigator.clipboard.writeText(code);
    return t('new.copied');
  } catch {
    const selection = window.getSelection();
    if (!shown || !selection) return t('new.copyFailed');
    selection.selectAllChildren(shown);
    return document.execCommand?.('copy') ? t('new.copied') : t('new.copyFailed');
  }
}
