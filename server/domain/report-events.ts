/**
 * What can happen to a report, one event each in its history (table `report_event`, whose CHECK
 * constraint holds the same list, migration 0013): filed, status changed, office replied, internal
 * note, moved to another office or category, merged, published by moderation, a message the
 * reporter added with the tracking code, reopened because the fault is still there, given to a
 * member of the office or back to the office as a whole (migration 0025), public text edited by
 * moderation (migration 0028), forwarded to an outside body and that body's own update through
 * its link (migration 0031).
 */
export const REPORT_EVENT_TYPES = ['created', 'status', 'reply', 'note', 'assign', 'merge', 'publish', 'citizen_message', 'reopened', 'assignee', 'edit', 'forward', 'body_update'] as const;

export type ReportEventType = (typeof REPORT_EVENT_TYPES)[number];
