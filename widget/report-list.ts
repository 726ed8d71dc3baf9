import { css, html, nothing } from 'lit';
import type { ReportSummary } from './api.ts';
import type { WidgetContext } from './context.ts';
import { statusBadge } from './status.ts';

/** One report in a list (map view, street view): title as the link to its detail, then facts. */
export function reportItem(
  ctx: WidgetContext,
  r: ReportSummary,
  opts: { onShowOnMap?: (r: ReportSummary) => void; extra?: unknown; headingLevel?: 3 | 4 } = {},
) {
  const { i18n } = ctx;
  const category = ctx.config.categories.find((c) => c.id === r.categoryId)?.name;
  const href = `#segnala/report/${encodeURIComponent(r.reference)}`;
  const open = (e: Event) => {
    e.preventDefault();
    ctx.navigate({ view: 'report', reference: r.reference });
  };
  const title = html`<a href=${href} @click=${open}>${r.title}</a>`;
  return html`<li class="report-item" data-reference=${r.reference}>
    ${opts.headingLevel === 4 ? html`<h4 class="report-title">${title}</h4>` : html`<h3 class="report-title">${title}</h3>`}
    <div class="report-meta">
      ${statusBadge(i18n, r.status)}
      ${category ? html`<span>${category}</span>` : nothing}
    </div>
    <div class="report-meta muted">
      ${r.streetName ? html`<span>${r.streetName}${r.civic ? `, ${r.civic}` : ''}</span>` : nothing}
      <span>${i18n.t('list.filedOn', { date: i18n.date(r.createdAt) })}</span>
      <span>n. ${r.reference}</span>
      ${r.supportCount > 0 ? html`<span>${i18n.plural('list.supports', r.supportCount)}</span>` : nothing}
    </div>
    ${opts.onShowOnMap && r.location
      ? html`<button type="button" class="link show-on-map" @click=${() => opts.onShowOnMap!(r)}>
          ${i18n.t('map.showOnMap')}<span class="visually-hidden">: ${r.title}</span>
        </button>`
      : nothing}
    ${opts.extra ?? nothing}
  </li>`;
}

export const reportListStyles = css`
  ul.reports {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .report-item {
    position: relative;
    border-bottom: 1px solid var(--_border);
    padding: 0.75rem 0.25rem;
  }
  .report-item:first-child {
    border-top: 1px solid var(--_border);
  }
  .report-item.selected {
    background: var(--_surface);
  }
  .report-title {
    font-size: 1.05em;
    margin: 0 0 0.35em;
  }
  .report-meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.9rem;
    align-items: center;
    font-size: 0.925em;
    margin-bottom: 0.2em;
  }
`;
