import { css } from 'lit';

/** The search above the list of streets, each with its count of open reports. */
export const streetsViewStyles = css`
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.5rem;
        align-items: end;
        margin-bottom: 1rem;
      }
      .tools .field {
        flex: 1 1 18rem;
        margin: 0;
        max-width: 28rem;
      }
      .streets {
        list-style: none;
        padding: 0;
        margin: 0;
        columns: 2 22rem;
        column-gap: 2rem;
      }
      .streets li {
        break-inside: avoid;
        border-bottom: 1px solid var(--_border);
      }
      .streets a {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        padding: 0.55rem 0.25rem;
        text-decoration: none;
        color: var(--_text);
      }
      .streets a:hover .name {
        text-decoration: underline;
      }
      .streets .name {
        color: var(--_primary);
        font-weight: 600;
      }
      .streets .n {
        white-space: nowrap;
        font-size: 0.9em;
        color: var(--_muted);
      }
      .streets .n.some {
        color: var(--_text);
        font-weight: 700;
      }
      .count {
        font-weight: 600;
      }
    `;
