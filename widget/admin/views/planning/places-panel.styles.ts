import { css } from 'lit';

/** The places panel: criteria in a row, two tables; on paper, no controls and nothing cut off. */
export const placesPanelStyles = css`
  :host {
    display: block;
  }
  .intro {
    max-width: 60rem;
  }
  form.criteria {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: end;
    margin: 0 0 0.75rem;
  }
  form.criteria .field {
    margin: 0;
    width: 12rem;
  }
  .summary {
    margin: 0.5rem 0;
  }
  ul.refs {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.15rem 0.75rem;
  }
  ul.refs a {
    white-space: nowrap;
  }
  .reopened {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .count small,
  .dates {
    display: block;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .dates {
    display: inline;
    color: inherit;
    font-size: inherit;
    white-space: nowrap;
  }
  .streets-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: baseline;
    justify-content: space-between;
  }
  .streets-head h3 {
    margin: 0;
  }
  th button.sort {
    all: unset;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    font-weight: 700;
    border-radius: 3px;
  }
  th button.sort:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  th button.sort:hover {
    text-decoration: underline;
  }
  th.num button.sort {
    justify-content: end;
  }
  .arrow {
    display: inline-block;
    width: 0.8em;
    text-align: center;
  }
  section.streets {
    margin-top: 1.5rem;
  }
  /* Phones: rows become cards (adminStyles' .stack); the sort buttons stay, as a row of chips. */
  @media (max-width: 760px) {
    caption {
      display: block;
    }
    table.streets-table thead {
      position: static;
      width: auto;
      height: auto;
      overflow: visible;
      clip: auto;
      display: block;
    }
    table.streets-table thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
      border: none;
      padding: 0;
      margin: 0 0 0.75rem;
    }
    table.streets-table thead th {
      display: block;
      border: 1px solid var(--_border);
      border-radius: 1em;
      padding: 0.25rem 0.7rem;
    }
    table.streets-table thead th[aria-sort='ascending'],
    table.streets-table thead th[aria-sort='descending'] {
      border-color: var(--_muted);
    }
  }
  @media print {
    form.criteria,
    .csv,
    .sort-hint,
    .arrow {
      display: none;
    }
    table,
    tbody,
    tr {
      overflow: visible;
      height: auto;
      max-height: none;
    }
    tr {
      break-inside: avoid;
    }
    ul.refs a {
      color: inherit;
      text-decoration: none;
    }
  }
`;
