import { css } from 'lit';

/** The density panel: map and cell list side by side on wide screens, stacked on phones; the table prints. */
export const densityPanelStyles = css`
  :host {
    display: block;
    --segnala-map-height: 460px;
  }
  .intro {
    max-width: 60rem;
  }
  .layout {
    display: grid;
    gap: 1rem;
    grid-template-columns: minmax(0, 1fr);
  }
  @media (min-width: 900px) {
    .layout.with-list {
      grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
    }
  }
  .map-box {
    min-width: 0;
  }
  .legend {
    margin-top: 0.5rem;
  }
  .legend h4,
  .cell-list h4 {
    margin: 0 0 0.3rem;
    font-size: 1em;
  }
  .legend ul {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0;
    padding: 0;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
  }
  .swatch {
    display: inline-block;
    width: 1.1rem;
    height: 1.1rem;
    border: 1px solid #5a5a5a;
    vertical-align: middle;
    margin-inline-end: 0.3rem;
    print-color-adjust: exact;
    -webkit-print-color-adjust: exact;
  }
  .small {
    font-size: 0.85em;
    margin: 0.3rem 0 0;
  }
  .summary {
    margin: 0.75rem 0;
  }
  .cell-list {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem;
    max-height: 460px;
    overflow: auto;
  }
  .list-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: space-between;
    align-items: start;
  }
  .cell-list ul.reports {
    list-style: none;
    margin: 0.5rem 0;
    padding: 0;
  }
  .cell-list li {
    padding: 0.45rem 0;
    border-bottom: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  .cell-list .ref {
    color: var(--_muted);
    font-size: 0.85em;
    margin-inline-start: 0.4rem;
  }
  .cell-list .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.75rem;
    font-size: 0.85em;
    margin-top: 0.2rem;
  }
  @media (max-width: 760px) {
    /* A stacked table is a block: its caption takes the whole width, not a column's. */
    table.stack caption {
      display: block;
    }
  }
  table.busiest tr.chosen {
    background: var(--_row-hover);
  }

  /* The cells on the map (markers with a sized DivIcon, density-panel-layer.ts). */
  .segnala-density {
    display: flex;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    border: 1px solid rgba(90, 40, 0, 0.55);
    opacity: 0.85;
    font-weight: 700;
    font-size: 13px;
    color: #1a1a1a;
  }
  .segnala-density:hover,
  .segnala-density.selected {
    opacity: 1;
  }
  .segnala-density.selected {
    border: 3px solid #1a1a1a;
  }
  .segnala-density .count {
    background: rgba(255, 255, 255, 0.9);
    color: #1a1a1a;
    border-radius: 0.6em;
    padding: 0 0.35em;
    line-height: 1.4;
  }
  .leaflet-marker-icon.segnala-density:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    border-radius: 0;
    opacity: 1;
  }
  .shade-0 {
    background: #fef0d9;
  }
  .shade-1 {
    background: #fdcc8a;
  }
  .shade-2 {
    background: #fc8d59;
  }
  .shade-3 {
    background: #e34a33;
  }
  .shade-4 {
    background: #b30000;
  }

  /* On paper: the legend, the table and an open list; the map (tiles, squares) does not print well. */
  @media print {
    .layout {
      display: block;
    }
    .map,
    .print-hidden,
    .list-head button,
    .cell-list > button {
      display: none;
    }
    .cell-list {
      margin-top: 1rem;
      max-height: none;
      overflow: visible;
      border: none;
      padding: 0;
    }
  }
`;
