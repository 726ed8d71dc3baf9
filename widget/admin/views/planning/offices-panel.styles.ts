import { css } from 'lit';

/** The offices panel: one block per office, its chart over its table; backlog bars in the cells. */
export const officesPanelStyles = css`
  :host {
    display: block;
    margin-top: 1.5rem;
  }
  .offices-list {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 32rem), 1fr));
    gap: 1.25rem 1.5rem;
  }
  .office {
    min-width: 0;
    border-top: 1px solid var(--_border, #ccc);
    padding-top: 0.75rem;
  }
  .office h4 {
    margin: 0 0 0.25rem;
    font-size: 1.1em;
  }
  .trend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    margin: 0 0 0.5rem;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    font-size: 0.9em;
  }
  .swatch {
    display: inline-block;
    width: 1.4em;
    height: 0;
    margin-right: 0.35em;
    vertical-align: 0.3em;
    border-top: 3px solid var(--_primary);
  }
  .swatch.resolve {
    border-top: 3px dashed var(--_success);
  }
  svg.shares {
    display: block;
    overflow: visible;
    margin: 0.25rem 0 0.5rem;
    font-family: var(--_font);
  }
  svg.shares line.grid {
    stroke: var(--_border, #ccc);
  }
  svg.shares text {
    font-size: 11px;
    fill: var(--_muted);
  }
  svg.shares line.accept {
    stroke: var(--_primary);
    stroke-width: 2.5;
  }
  svg.shares circle.accept {
    fill: var(--_primary);
  }
  svg.shares line.resolve {
    stroke: var(--_success);
    stroke-width: 2.5;
    stroke-dasharray: 6 4;
  }
  svg.shares circle.resolve {
    fill: var(--_bg);
    stroke: var(--_success);
    stroke-width: 2;
  }
  .table-scroll {
    overflow-x: auto;
  }
  /* A share, then how many of the settled reports it is, smaller, under it. */
  .pct {
    font-weight: 600;
  }
  .of {
    display: block;
    font-size: 0.8em;
    color: var(--_muted);
    white-space: nowrap;
  }
  table {
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 0.25rem 0;
  }
  details.categories {
    margin: 0.5rem 0 0.75rem;
  }
  details.categories summary {
    cursor: pointer;
    padding: 0.25rem 0;
  }
  .backlog {
    margin-top: 1.5rem;
  }
  td.band {
    min-width: 5.5rem;
  }
  td.band .bar {
    display: block;
    margin-top: 0.2rem;
  }
  td.band .bar rect {
    fill: var(--_primary);
  }
  td.band .bar.b2 rect {
    fill: #b35c00;
  }
  td.band .bar.b3 rect {
    fill: var(--_danger);
  }
  /* Phones: the five columns fit without scrolling sideways. */
  @media (max-width: 760px) {
    table:not(.stack) {
      font-size: 0.85em;
    }
    td.band {
      display: flex !important;
      flex-wrap: wrap;
      gap: 0 0.4rem;
    }
    td.band .bar {
      flex-basis: 100%;
    }
    th,
    td {
      padding-inline: 0.3rem;
    }
  }
  @media print {
    .table-scroll {
      overflow: visible;
    }
    table {
      font-size: 9pt;
    }
    .office,
    tr {
      break-inside: avoid;
    }
    td.band .bar {
      print-color-adjust: exact;
      -webkit-print-color-adjust: exact;
    }
  }
`;
