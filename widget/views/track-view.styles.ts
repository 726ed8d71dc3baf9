import { css } from 'lit';

/** The tracking-code form, and the report it finds: status and dates. */
export const trackViewStyles = css`
      form {
        max-width: 32rem;
        margin-bottom: 1.5rem;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: stretch;
      }
      .row input {
        flex: 1;
        font-family: ui-monospace, 'Roboto Mono', Menlo, Consolas, monospace;
        letter-spacing: 0.06em;
        text-transform: uppercase;
      }
      .result h3 {
        font-size: 1.3em;
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-bottom: 1rem;
      }
      .dates {
        max-width: 34rem;
      }
      /* The office's promise (track/promise.ts) lines up with the dates above it. */
      @media (min-width: 481px) {
        dl.facts.dates,
        .promise dl.facts {
          max-width: 42rem;
          grid-template-columns: 13em 1fr;
        }
      }
    `;
