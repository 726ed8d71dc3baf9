import { css } from 'lit';

/** The supporters' count beside the button, and the optional e-mail form it opens. */
export const supportButtonStyles = css`
      :host {
        display: block;
      }
      .box {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
      }
      .count {
        font-weight: 600;
      }
      .joined {
        color: var(--_success);
        font-weight: 700;
      }
      details {
        margin-top: 0.5rem;
      }
      summary {
        cursor: pointer;
        color: var(--_primary);
        font-weight: 600;
        min-height: 2rem;
      }
      .email {
        margin-top: 0.5rem;
        max-width: 26rem;
      }
    `;
