import { css } from 'lit';

/** The login form. */
export const loginViewStyles = css`
      form {
        max-width: 26rem;
      }
    `;
