import { css } from 'lit';

/** Width of a thumbnail on the page; the height follows the photo's proportions. */
export const THUMB_WIDTH = 160;

export const photosPanelStyles = css`
  ul {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    margin: 0 0 1rem;
    padding: 0;
  }
  li {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    align-items: flex-start;
    width: ${THUMB_WIDTH}px;
  }
  button.thumb {
    display: block;
    padding: 0;
    min-height: 0;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow: hidden;
    cursor: zoom-in;
    line-height: 0;
  }
  button.thumb:hover {
    border-color: var(--_primary);
  }
  li.hidden-photo button.thumb {
    border-style: dashed;
    border-color: #b36b00;
  }
  li.hidden-photo img {
    opacity: 0.6;
  }
  .thumb img,
  .thumb .placeholder {
    display: block;
    width: ${THUMB_WIDTH - 4}px;
    height: auto;
  }
  .placeholder {
    display: flex;
    align-items: center;
    justify-content: center;
    line-height: 1.3;
    color: var(--_muted);
    font-size: 0.85em;
    padding: 0.25rem;
    text-align: center;
  }
  dialog {
    max-width: min(96vw, 1100px);
    max-height: 96vh;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    color: var(--_text);
    background: var(--_bg);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.7);
  }
  dialog .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    margin-bottom: 0.75rem;
  }
  dialog h4 {
    margin: 0;
  }
  dialog img {
    display: block;
    max-width: 100%;
    max-height: calc(96vh - 7rem);
    width: auto;
    height: auto;
    margin: 0 auto;
  }
  .notice {
    margin-top: 0;
  }
`;
