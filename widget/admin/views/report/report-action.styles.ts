import { css } from 'lit';

/** What the action forms of the report page share. */
export const reportActionStyles = css`
  textarea {
    min-height: 5em;
  }
`;
