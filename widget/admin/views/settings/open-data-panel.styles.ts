import { css } from 'lit';

export const openDataPanelStyles = css`
  .fields select,
  .fields input {
    max-width: 28rem;
  }
  .od-state {
    margin-top: 1rem;
  }
  .od-state.on {
    font-weight: 600;
  }
  .urls {
    list-style: none;
    padding: 0;
    margin: 0 0 0.75rem;
  }
  .urls li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    align-items: center;
    margin-bottom: 0.75rem;
  }
  .urls .what {
    flex-basis: 100%;
    font-weight: 600;
  }
  /* A phone puts the copy button under the address, which keeps its width. */
  .urls code {
    flex: 1 1 18rem;
    min-width: 0;
    overflow-wrap: anywhere;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.95em;
    padding: 0.4rem 0.6rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
`;
