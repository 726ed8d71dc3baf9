import type { ReportStatus } from './api.ts';

/** `segnala-report-filed`: the tracking code is deliberately absent (it is the reporter's secret). */
export interface ReportFiledDetail {
  reference: string;
  status: ReportStatus;
  published: boolean;
}

/** `segnala-support-added`: this browser joined a report. */
export interface SupportAddedDetail {
  reference: string;
  supportCount: number;
}

declare global {
  interface HTMLElementEventMap {
    'segnala-report-filed': CustomEvent<ReportFiledDetail>;
    'segnala-support-added': CustomEvent<SupportAddedDetail>;
  }
}

/** Events for the host page: they bubble out of every shadow root. */
export function emit<T>(from: EventTarget, type: string, detail: T) {
  from.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}
