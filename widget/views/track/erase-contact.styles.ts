import { css } from 'lit';

/** The confirmation box asked on the page first, with its red erase button beside "cancel". */
export const eraseContactStyles = css`
      :host {
        display: block;
        max-width: 40rem;
      }
      .ask {
        border: 2px solid var(--_danger);
        border-radius: var(--_radius);
        padding: 0.75rem 1rem;
        margin: 0 0 1rem;
      }
      .ask p {
        margin-top: 0;
      }
      button.danger {
        background: var(--_danger-text);
        border-color: var(--_danger-text);
        color: #fff;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `;
