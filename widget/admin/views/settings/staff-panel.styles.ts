import { css } from 'lit';

export const staffPanelStyles = css`
  td select[multiple] {
    min-height: 5.5rem;
  }
  fieldset.departments {
    padding: 0.5rem 0.75rem;
  }
  fieldset.departments legend {
    font-size: 1em;
  }
  th .email {
    display: block;
    font-weight: 400;
    color: var(--_muted);
    font-size: 0.9em;
  }
`;

/** The login-security actions under a row's save button. */
export const staffSecurityStyles = css`
  td button.send-reset,
  td button.totp-required,
  td button.totp-remove {
    display: block;
    margin-top: 0.4rem;
    text-align: start;
  }
  td p.totp-state {
    margin: 0.6rem 0 0;
    font-size: 0.9em;
    color: var(--_muted);
  }
`;
