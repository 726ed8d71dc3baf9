import { css } from 'lit';

/** The choose and take-a-photo buttons, and the previews with their remove buttons (a refused one marked). */
export const photoPickerStyles = css`
      .pick {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        margin: 0.35rem 0 0.5rem;
      }
      .pick label {
        margin: 0;
      }
      .pick label svg {
        flex: none;
      }
      .take {
        display: none;
      }
      @media (pointer: coarse) {
        .take {
          display: inline-flex;
        }
      }
      input:focus-visible + label {
        outline: 3px solid var(--_focus);
        outline-offset: 2px;
      }
      ul.previews {
        list-style: none;
        margin: 0.5rem 0 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
        gap: 0.75rem;
      }
      .previews li {
        display: flex;
        flex-direction: column;
        gap: 0.35rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem;
        min-width: 0;
      }
      .previews li.refused {
        border: 2px solid var(--_danger);
      }
      .thumb {
        display: block;
        width: 100%;
        aspect-ratio: 4 / 3;
        object-fit: cover;
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .name {
        font-size: 0.85em;
        overflow-wrap: anywhere;
      }
      .previews button {
        min-height: 2.5rem;
        padding: 0.35em 0.6em;
        font-size: 0.9em;
      }
    `;
