import { css } from 'lit';

export const open311PanelStyles = css`
  .endpoint,
  .key {
    display: block;
    overflow-wrap: anywhere;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.95em;
    padding: 0.4rem 0.6rem;
    margin: 0 0 0.75rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .key {
    font-size: 1.05em;
    user-select: all;
  }
  .new-key {
    border-left: 4px solid #b36b00;
    background: #fffaf0;
    padding: 0.75rem 1rem;
    margin: 0 0 1rem;
  }
  .new-key h4 {
    margin: 0 0 0.5rem;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
