import type { StaffRole } from '../server/services/staff-auth.ts';
import type { ReportStatus } from './api.ts';
import type { Route } from './context.ts';

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

/** `segnala-view-change`: where the citizen is now; never a tracking code or a mailed link's token. */
export interface ViewChangeDetail {
  view: Route['view'];
  /** The report's, on its page. */
  reference?: string;
  /** The street's, on a street's page. */
  streetId?: number;
}

/** `segnala-admin-login`, on the console's own page. */
export interface AdminLoginDetail {
  email: string;
  role: StaffRole;
}

/** `segnala-admin-logout`: `expired` when the server no longer accepted the session. */
export interface AdminLogoutDetail {
  expired: boolean;
}

/**
 * The events pages receive, by name: they bubble out of every shadow root, to the document and the
 * window. The same types, written out, are in the elements' JSDoc headers and so in
 * custom-elements.json and the declarations shipped to sites (README, "Embedding the widget");
 * test/server/custom-elements.test.ts checks that both say the same.
 */
export interface SegnalaEventMap {
  'segnala-report-filed': CustomEvent<ReportFiledDetail>;
  'segnala-support-added': CustomEvent<SupportAddedDetail>;
  'segnala-view-change': CustomEvent<ViewChangeDetail>;
  'segnala-admin-login': CustomEvent<AdminLoginDetail>;
  'segnala-admin-logout': CustomEvent<AdminLogoutDetail>;
}

declare global {
  interface HTMLElementEventMap extends SegnalaEventMap {}
  interface DocumentEventMap extends SegnalaEventMap {}
  interface WindowEventMap extends SegnalaEventMap {}
}

/** Events for the host page: they bubble out of every shadow root. */
export function emit<T>(from: EventTarget, type: string, detail: T) {
  from.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}
