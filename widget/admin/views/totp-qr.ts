import { html, svg } from 'lit';
import qrcode from 'qrcode-generator';
import type { TotpSetup } from '../admin-api.ts';
import type { AdminTranslator } from '../admin-i18n.ts';
import { totpWords } from './totp.words.ts';

/**
 * What an authenticator app needs to be set up: the `otpauth://` URI as a QR code (an SVG drawn
 * from the code's modules, no markup from a string) and the key as text, in groups of four, for
 * typing by hand. Loaded only when someone sets up two-step login: the QR library stays out of the
 * console's first download. Its styles: totp-setup.styles.ts.
 */

function qrCode(uri: string, label: string) {
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  const n = qr.getModuleCount();
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c + 4} ${r + 4}h1v1h-1z`;
  // A quiet zone of four modules on every side, as readers expect.
  return html`<svg viewBox=${`0 0 ${n + 8} ${n + 8}`} role="img" aria-label=${label} shape-rendering="crispEdges">
    ${svg`<rect width="100%" height="100%" fill="#fff"></rect><path d=${path} fill="#000"></path>`}
  </svg>`;
}

export function totpSetupView(i18n: AdminTranslator, setup: TotpSetup) {
  const w = totpWords(i18n);
  return html`<div class="totp-setup">
    ${qrCode(setup.uri, w.t('qrLabel'))}
    <div class="key">
      <p>${w.t('scan')}</p>
      <p>${w.t('manual')}</p>
      <p>${w.t('secretLabel')}: <code class="totp-secret">${setup.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code></p>
    </div>
  </div>`;
}
