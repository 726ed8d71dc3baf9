import { css } from 'lit';

/**
 * The totals, and the tables whose counts carry their bars (drawing only: the numbers are read).
 * Written one rule a line: the chunk counts against the widget's size budget.
 */
export const statsViewStyles = css`
  .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
  .totals div { background: var(--_surface); border-radius: var(--_radius); padding: 0.6rem 0.8rem; }
  .totals dt, th[scope='col'] { color: var(--_muted); font-size: 0.9em; }
  .totals dd { margin: 0; font-size: 1.4em; font-weight: 600; }
  .field { max-width: 16rem; }
  /* Whole words in the cells (the widget breaks anywhere, for long street names in narrow boxes). */
  table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; overflow-wrap: normal; }
  th, td { text-align: left; padding: 0.4rem 0.5rem 0.4rem 0; border-bottom: 1px solid var(--_border); vertical-align: top; }
  .num { min-width: 2.5rem; font-variant-numeric: tabular-nums; }
  abbr { white-space: nowrap; }
  .bar { display: block; width: 100%; height: 0.45rem; margin-top: 0.2rem; fill: var(--_primary); print-color-adjust: exact; }
  .bar.done { fill: var(--_status-resolved); }
  .bar.open { fill: var(--_status-new); }
  @media (max-width: 30rem) { table { font-size: 0.85em; } th, td { padding-right: 0.3rem; } }
  @media print { .field { display: none; } }
`;
