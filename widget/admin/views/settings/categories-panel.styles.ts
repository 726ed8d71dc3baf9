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
  /* The shared .check (a checkbox's label) is a flex box; a cell must stay a cell, or the row's
     two checkboxes fall into one column (on phones the .stack table's rule makes it a block). */
  td.check {
    display: table-cell;
  }
  td.check input {
    width: 1.4rem;
    height: 1.4rem;
    min-width: 0;
    accent-color: var(--_primary);
  }
  /* Seven columns and two buttons: the long headers wrap so the buttons stay in view. */
  table.categories thead th {
    white-space: normal;
  }
  td:last-child {
    white-space: nowrap;
  }
`;
