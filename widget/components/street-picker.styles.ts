import { css } from 'lit';

/** The combobox: the input with its clear button, and the listbox of matching streets under it. */
export const streetPickerStyles = css`
      .combo {
        position: relative;
      }
      .row {
        display: flex;
        gap: 0.5rem;
      }
      .row input {
        flex: 1;
      }
      [role='listbox'] {
        position: absolute;
        z-index: 1000;
        left: 0;
        right: 0;
        top: 100%;
        margin: 2px 0 0;
        padding: 0;
        list-style: none;
        max-height: 16rem;
        overflow-y: auto;
        background: var(--_bg);
        border: 1px solid var(--_muted);
        border-radius: var(--_radius);
        box-shadow: 0 4px 12px rgba(0, 0, 0, 0.15);
      }
      [role='option'] {
        padding: 0.55rem 0.75rem;
        cursor: pointer;
      }
      [role='option'] small {
        color: var(--_muted);
        margin-left: 0.4em;
      }
      [role='option'][aria-selected='true'] {
        background: var(--_primary);
        color: var(--_on-primary);
      }
      [role='option'][aria-selected='true'] small {
        color: inherit;
      }
      .clear {
        min-width: 2.75rem;
        padding: 0.25rem 0.6rem;
      }
    `;
