import { css } from 'lit';

/**
 * The "active" column: a large checkbox. The centring comes after the phone rule, so it wins on
 * phones too: the order the page has always had.
 */
export const categoriesPanelStyles = css`
  @media (max-width: 760px) {
    td.check {
      text-align: start;
    }
    td.check input {
      display: inline-block;
      vertical-align: middle;
    }
  }
  td.check {
    text-align: center;
  }
  td.check input {
    width: 1.4rem;
    height: 1.4rem;
    min-width: 0;
    accent-color: var(--_primary);
  }
`;
