import { css } from 'lit';

export const openDataPanelStyles = css`
  .status.on {
    font-weight: 600;
  }
  .urls {
    list-style: none;
    padding: 0;
    margin: 0 0 0.75rem;
  }
  .urls li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25rem 0.5rem;
    align-items: center;
    margin-bottom: 0.75rem;
  }
  .urls .what {
    grid-column: 1 / -1;
    font-weight: 600;
  }
  .urls code {
    display: block;
    overflow-wrap: anywhere;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.95em;
    padding: 0.4rem 0.6rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
`;
