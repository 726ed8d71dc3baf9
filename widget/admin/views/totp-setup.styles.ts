import { css } from 'lit';

/** The QR code and key of views/totp-qr.ts, in the views that show them (login, account). */
export const totpSetupStyles = css`
  .totp-setup {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem 1.5rem;
    align-items: flex-start;
    margin: 0 0 1rem;
  }
  .totp-setup svg {
    width: 12rem;
    height: 12rem;
    flex: none;
    background: #fff;
  }
  .totp-setup .key {
    flex: 1 1 14rem;
  }
  .totp-setup code {
    display: inline-block;
    font-size: 1.1em;
    letter-spacing: 0.05em;
    word-spacing: 0.4em;
    overflow-wrap: anywhere;
  }
`;
