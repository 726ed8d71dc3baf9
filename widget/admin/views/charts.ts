import { css, html, svg } from 'lit';

/**
 * Small SVG charts drawn here (no chart library). They are pictures of the table printed next to
 * them: hidden from assistive technology, which reads the table instead. Sizes are in CSS pixels
 * and percentages, so text stays legible at any width.
 */

export interface Bar {
  label: string;
  value: number;
}

const ROW = 34;

/** Horizontal bars, the label above each bar and the value at its end. */
export function barChart(bars: Bar[], tone: 'primary' | 'danger' | 'muted' = 'primary') {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  return html`<svg class="chart bars tone-${tone}" width="100%" height=${height} aria-hidden="true" focusable="false">
    ${bars.map((b, i) => {
      const y = i * ROW;
      const pct = (b.value / max) * 86;
      return svg`<g>
        <text class="label" x="0" y=${y + 12}>${b.label}</text>
        <rect class="bar" x="0" y=${y + 16} width=${`${Math.max(pct, b.value ? 0.8 : 0)}%`} height="12" rx="2"></rect>
        <text class="value" x=${`${pct + 1.5}%`} y=${y + 27}>${b.value}</text>
      </g>`;
    })}
  </svg>`;
}

/** Two series per month side by side: solid bars (first series) and outlined bars (second). */
export function monthlyChart(months: { label: string; a: number; b: number }[], legend: [string, string]) {
  const max = Math.max(1, ...months.flatMap((m) => [m.a, m.b]));
  const plot = 150;
  const top = 18;
  const step = 100 / Math.max(1, months.length);
  const barWidth = step * 0.34;
  const y = (v: number) => top + plot - (v / max) * plot;
  return html`<div class="chart-legend" aria-hidden="true">
      <span><span class="swatch a"></span>${legend[0]}</span>
      <span><span class="swatch b"></span>${legend[1]}</span>
    </div>
    <svg class="chart monthly" width="100%" height=${top + plot + 24} aria-hidden="true" focusable="false">
      <line class="axis" x1="0" x2="100%" y1=${top + plot + 0.5} y2=${top + plot + 0.5}></line>
      ${months.map((m, i) => {
        const x = i * step + step * 0.12;
        return svg`<g>
          <rect class="a" x=${`${x}%`} y=${y(m.a)} width=${`${barWidth}%`} height=${top + plot - y(m.a)}></rect>
          <rect class="b" x=${`${x + barWidth + step * 0.06}%`} y=${y(m.b)} width=${`${barWidth}%`} height=${top + plot - y(m.b)}></rect>
          <text class="value" x=${`${x + barWidth / 2}%`} y=${y(m.a) - 3} text-anchor="middle">${m.a || ''}</text>
          <text class="month" x=${`${i * step + step / 2}%`} y=${top + plot + 16} text-anchor="middle">${m.label}</text>
        </g>`;
      })}
    </svg>`;
}

export const chartStyles = css`
  .chart {
    display: block;
    overflow: visible;
    margin: 0 0 0.75rem;
    font-family: var(--_font);
  }
  .chart text {
    font-size: 13px;
    fill: var(--_text);
  }
  .chart text.value {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .chart text.month {
    font-size: 11px;
    fill: var(--_muted);
  }
  .bars .bar {
    fill: var(--_primary);
  }
  .bars.tone-danger .bar {
    fill: var(--_danger);
  }
  .bars.tone-muted .bar {
    fill: var(--_muted);
  }
  .monthly rect.a {
    fill: var(--_primary);
  }
  .monthly rect.b {
    fill: var(--_bg);
    stroke: var(--_success);
    stroke-width: 2;
  }
  .monthly .axis {
    stroke: var(--_muted);
  }
  .chart-legend {
    display: flex;
    gap: 1.25rem;
    font-size: 0.9em;
    margin-bottom: 0.25rem;
  }
  .swatch {
    display: inline-block;
    width: 0.9em;
    height: 0.9em;
    margin-right: 0.35em;
    vertical-align: -0.1em;
  }
  .swatch.a {
    background: var(--_primary);
  }
  .swatch.b {
    border: 2px solid var(--_success);
  }
`;
