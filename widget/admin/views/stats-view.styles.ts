import { css } from 'lit';

/** The sections of charts and tables, side by side where the console is wide. */
export const statsViewStyles = css`
      .sections {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr));
        gap: 1rem 1.5rem;
      }
      .sections section {
        min-width: 0;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .total {
        font-size: 1.1em;
        margin: 0 0 1rem;
      }
      .total strong {
        font-size: 1.6em;
        margin-right: 0.3em;
      }
      .table-scroll {
        overflow-x: auto;
      }
      form.filters .grid-fields {
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      }
    `;
