/**
 * "Similar reports nearby": open reports of the chosen category at the pin (or in the chosen
 * street), each with its own "Mi associo", so the citizen can join one instead of filing a
 * duplicate. The filing form calls `refresh` after each render of its second step; this fetches
 * when the category or the place changed, drops an answer that came too late, and renders the box
 * (nothing while there is nothing to offer).
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { NearbyReport, ReportSummary } from '../../api.ts';
import '../../components/support-button.ts';
import type { WidgetContext } from '../../context.ts';
import { reportItem } from '../../report-list.ts';
import type { Draft } from './draft.ts';

/** A report offered: those found around the pin (`/reports/nearby`) also say how far they are. */
type Offered = ReportSummary | NearbyReport;

/** Offered at most: more would push the rest of the form far away. */
const MAX_OFFERED = 5;

export class SimilarReports {
  reports: Offered[] = [];
  private key = '';
  private abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ctx: () => WidgetContext,
  ) {}

  /** Looks again if the category or the place changed since the last look. */
  async refresh({ categoryId, location, street }: Pick<Draft, 'categoryId' | 'location' | 'street'>) {
    const key = categoryId && (location || street) ? `${categoryId}|${location?.lat},${location?.lon}|${street?.id ?? ''}` : '';
    if (key === this.key) return;
    this.key = key;
    this.abort?.abort();
    if (!key) return this.show([]);
    const abort = new AbortController();
    this.abort = abort;
    const { api } = this.ctx();
    try {
      const { reports }: { reports: Offered[] } = location
        ? await api.nearby(location, categoryId, abort.signal)
        : await api.reports({ status: 'open', category: categoryId, street: street!.id, limit: MAX_OFFERED }, abort.signal);
      if (!abort.signal.aborted) this.show(reports.slice(0, MAX_OFFERED));
    } catch {
      if (!abort.signal.aborted) this.show([]);
    }
  }

  /** A new report from scratch: nothing offered, the next look fetches. */
  reset() {
    this.abort?.abort();
    this.key = '';
    this.show([]);
  }

  private show(reports: Offered[]) {
    // Nothing before, nothing now: no render for it.
    if (!reports.length && !this.reports.length) return;
    this.reports = reports;
    this.host.requestUpdate();
  }

  render() {
    if (!this.reports.length) return nothing;
    const ctx = this.ctx();
    const { t } = ctx.i18n;
    return html`<section class="card duplicates" aria-labelledby="dup-h">
      <h3 id="dup-h">${t('new.duplicatesHeading')}</h3>
      <p>${t('new.duplicatesHint')}</p>
      <ul class="reports">
        ${this.reports.map((r) =>
          reportItem(ctx, r, {
            headingLevel: 4,
            extra: html`${'distanceMeters' in r ? html`<p class="muted">${t('new.distance', { meters: r.distanceMeters })}</p>` : nothing}
              <segnala-support-button exportparts="primary-button,button" .ctx=${ctx} reference=${r.reference} .count=${r.supportCount} compact></segnala-support-button>`,
          }),
        )}
      </ul>
    </section>`;
  }
}
