import { css } from 'lit';

/** What the console's views share on top of the citizen widget's `baseStyles`: tables, badges, panels. */
export const adminStyles = css`
  :host {
    --_danger-bg: var(--segnala-danger-background, #fdf0f2);
    --_row-hover: var(--segnala-row-hover, #f5f9fd);
  }
  h2 {
    font-size: 1.4em;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.95em;
    /* Columns keep their words whole: a column squeezed to a letter a line cannot be read... */
    overflow-wrap: normal;
  }
  /* ...but cells of text people typed or imported break a word longer than the line, from a readable width. */
  td.user-text {
    overflow-wrap: anywhere;
    min-width: 10rem;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 0 0 0.4rem;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid var(--_border);
  }
  thead th {
    background: var(--_surface);
    border-bottom: 2px solid var(--_muted);
    font-weight: 700;
  }
  @media (min-width: 761px) {
    table.stack thead th {
      white-space: nowrap;
    }
  }
  /* Phones: each row of a .stack table becomes a card, each cell a line labelled by data-label. */
  @media (max-width: 760px) {
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    table.stack,
    table.stack tbody,
    table.stack tr,
    table.stack td,
    table.stack tbody th {
      display: block;
    }
    table.stack tr {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin-bottom: 0.75rem;
      padding: 0.5rem 0.75rem;
    }
    table.stack td,
    table.stack tbody th {
      border: none;
      padding: 0.15rem 0;
      text-align: start;
    }
    table.stack td[data-label]::before {
      content: attr(data-label) ': ';
      color: var(--_muted);
      font-weight: 600;
    }
    table.stack td.block-label[data-label]::before {
      display: block;
    }
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    font-size: 0.8em;
    font-weight: 700;
    padding: 0.05em 0.5em;
    border-radius: 1em;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .badge.overdue {
    color: var(--_danger-text);
    background: var(--_danger-bg);
  }
  .badge.internal {
    color: #5d3a00;
    background: #fff4e0;
  }
  .badge.public {
    color: var(--_success);
    background: #eef8f3;
  }
  .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    margin: 0 0 1rem;
    background: var(--_bg);
  }
  .panel > h3:first-child {
    margin-top: 0;
  }
  .grid-fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
    gap: 0 1rem;
    align-items: end;
  }
  .grid-fields .field {
    margin-bottom: 0.75rem;
  }
  input[type='date'],
  input[type='number'],
  input[type='password'],
  input[type='url'] {
    display: block;
    width: 100%;
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    padding: 0.5em 0.65em;
    min-height: 2.75rem;
    margin: 0;
  }
  button.small {
    min-height: 2.25rem;
    padding: 0.25em 0.75em;
    font-size: 0.9em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    margin: 0 0 0.75rem;
  }
`;
