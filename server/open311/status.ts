import { CLOSED_STATUSES, OPEN_STATUSES, type ReportStatus, STATUS_INFO } from '../domain/status.ts';

/** GeoReport v2 knows two statuses: our open group is `open`, our closed group `closed`. */
export type Open311Status = 'open' | 'closed';

export function open311Status(status: ReportStatus): Open311Status {
  return STATUS_INFO[status].group === 'closed' ? 'closed' : 'open';
}

/** The statuses of ours an Open311 `status` filter value stands for. */
export function statusesOf(filter: Open311Status): readonly ReportStatus[] {
  return filter === 'open' ? OPEN_STATUSES : CLOSED_STATUSES;
}

/**
 * The lower-case states FixMyStreet reads from `servicerequestupdates` (its Open311 "update
 * fetching" extension), closest first: FixMyStreet shows them as "Investigating", "Action
 * scheduled", "Fixed", "Not the council's responsibility", …
 */
export const FIXMYSTREET_STATUS: Record<Exclude<ReportStatus, 'hidden'>, string> = {
  submitted: 'open',
  accepted: 'investigating',
  in_progress: 'in_progress',
  scheduled: 'action_scheduled',
  // FixMyStreet has no waiting state; the report stays under investigation.
  waiting_for_citizen: 'investigating',
  resolved: 'fixed',
  rejected: 'not_councils_responsibility',
  duplicate: 'duplicate',
};

export function fixMyStreetStatus(status: ReportStatus): string {
  // Hidden reports are never in an answer; should one slip through, it reads as closed.
  return status === 'hidden' ? 'closed' : FIXMYSTREET_STATUS[status];
}
