import { css } from 'lit';

/**
 * "Segui questa via" at the foot of a street's page: a rule above it, the address field and its
 * button side by side.
 */
export const followStreetStyles = css`
      :host {
        display: block;
        margin-top: 1.5rem;
        padding-top: 1rem;
        border-top: 1px solid var(--_border);
      }
      h3 {
        margin: 0 0 0.5rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
      }
      form .field {
        flex: 1 1 16rem;
        max-width: 26rem;
        margin: 0;
      }
      form .button {
        margin-bottom: 0.05rem;
      }
    `;
