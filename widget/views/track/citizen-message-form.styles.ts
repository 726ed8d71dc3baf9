import { css } from 'lit';

/** The "add information" form (citizen-message-form.ts). */
export const citizenMessageStyles = css`
  :host {
    display: block;
    max-width: 40rem;
    margin-block: 1.5rem;
  }
  textarea {
    width: 100%;
    min-height: 6rem;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 1rem;
  }
  legend {
    padding: 0;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .notice:focus {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
`;
