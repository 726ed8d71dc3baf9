import { html } from 'lit';
import type { ReportStatus } from './api.ts';
import type { MessageKey, Translator } from './i18n.ts';

export type StatusTone = 'new' | 'open' | 'resolved' | 'closed';

/** The tone (colour) and symbol of each status: the symbol and the word carry it, colour only helps. */
const LOOK: Record<ReportStatus, { tone: StatusTone; symbol: string }> = {
  submitted: { tone: 'new', symbol: '○' },
  accepted: { tone: 'open', symbol: '◐' },
  in_progress: { tone: 'open', symbol: '◑' },
  scheduled: { tone: 'open', symbol: '◷' },
  // The office asked the citizen a question (issue 13 §1).
  waiting_for_citizen: { tone: 'open', symbol: '?' },
  resolved: { tone: 'resolved', symbol: '✓' },
  rejected: { tone: 'closed', symbol: '✕' },
  duplicate: { tone: 'closed', symbol: '=' },
  hidden: { tone: 'closed', symbol: '✕' },
};

export const statusTone = (s: ReportStatus): StatusTone => LOOK[s]?.tone ?? 'closed';
export const statusSymbol = (s: ReportStatus): string => LOOK[s]?.symbol ?? '•';
export const isOpenStatus = (s: ReportStatus) => ['submitted', 'accepted', 'in_progress', 'scheduled', 'waiting_for_citizen'].includes(s);
export const statusLabel = (i18n: Translator, s: ReportStatus) => i18n.t(`status.${s}` as MessageKey);

export function statusBadge(i18n: Translator, status: ReportStatus) {
  return html`<span class="status status-${statusTone(status)}" part="status"
    ><span aria-hidden="true">${statusSymbol(status)}</span>${statusLabel(i18n, status)}</span
  >`;
}
