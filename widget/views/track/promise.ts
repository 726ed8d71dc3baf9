/**
 * The office's promise, shown (issue 13): "taken in charge by <date>, resolved by <date>" in the
 * municipality's calendar and, on the tracking page, whether each is kept. The dates come from
 * the server (the filing and tracking answers), or, in the filing form's summary before the report
 * exists, from the category's target days by the server's own rule (server/domain/promise.ts).
 * Templates only, in the page's styles (baseStyles: `dl.facts`, `.status`).
 */
import { html, nothing } from 'lit';
import { dueDateWords, type PromiseState, promisedDates } from '../../../server/domain/promise.ts';
import type { TrackedReport } from '../../api.ts';
import type { WidgetContext } from '../../context.ts';
import type { MessageKey } from '../../i18n.ts';

type Dates = { acceptBy: string | Date; resolveBy: string | Date };

/** Symbol and tone of each state, as the status badges: the word carries it, colour only helps. */
const LOOK: Record<PromiseState, { tone: string; symbol: string }> = {
  pending: { tone: 'open', symbol: '◷' },
  late: { tone: 'new', symbol: '!' },
  onTime: { tone: 'resolved', symbol: '✓' },
  doneLate: { tone: 'closed', symbol: '✓' },
};

function stateBadge(ctx: WidgetContext, state: PromiseState) {
  return html`<span class="status status-${LOOK[state].tone}" data-state=${state}
    ><span aria-hidden="true">${LOOK[state].symbol}</span>${ctx.i18n.t(`promise.${state}` as MessageKey)}</span
  >`;
}

function row(ctx: WidgetContext, label: MessageKey, due: string | Date, state?: PromiseState) {
  const { t, locale } = ctx.i18n;
  const iso = new Date(due).toISOString();
  return html`<dt>${t(label)}</dt>
    <dd>
      <time datetime=${iso}>${t('promise.by', { date: dueDateWords(due, locale) })}</time>
      ${state ? stateBadge(ctx, state) : nothing}
    </dd>`;
}

/** The two dates, and on the tracking page their states; `headingLevel` fits the page's outline. */
export function promiseBlock(
  ctx: WidgetContext,
  dates: Dates,
  opts: { states?: { accept: PromiseState; resolve: PromiseState }; heading: 'h3' | 'h4'; intro?: boolean },
) {
  const { t } = ctx.i18n;
  const title = t('promise.heading');
  return html`<section class="promise" aria-label=${title}>
    ${opts.heading === 'h3' ? html`<h3>${title}</h3>` : html`<h4>${title}</h4>`}
    ${opts.intro ? html`<p>${t('promise.intro')}</p>` : nothing}
    <dl class="facts">
      ${row(ctx, 'promise.accept', dates.acceptBy, opts.states?.accept)}
      ${row(ctx, 'promise.resolve', dates.resolveBy, opts.states?.resolve)}
    </dl>
  </section>`;
}

/** In the filing form's summary: the chosen category's targets counted from now. */
export function draftPromise(ctx: WidgetContext, categoryId: number | undefined) {
  const category = ctx.config.categories.find((c) => c.id === categoryId);
  if (!category) return nothing;
  return promiseBlock(ctx, promisedDates(new Date(), category), { heading: 'h3', intro: true });
}

/** On the tracking page: the dates and whether each is kept (none for a report closed unresolved). */
export function trackedPromise(ctx: WidgetContext, r: TrackedReport) {
  if (!r.promise) return nothing;
  return promiseBlock(ctx, r.promise, { heading: 'h4', states: { accept: r.promise.accept, resolve: r.promise.resolve } });
}
