import { css } from 'lit';

/** The public reply and the internal note: two buttons side by side, wrapping on a phone. */
export const replyActionStyles = css`
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
