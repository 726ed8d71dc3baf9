/**
 * What can happen to a report, one event each in its history (table `report_event`, whose CHECK
 * constraint holds the same list): filed, status changed, office replied, internal note, moved to
 * another office or category, merged, published by moderation.
 */
export const REPORT_EVENT_TYPES = ['created', 'status', 'reply', 'note', 'assign', 'merge', 'publish'] as const;

export type ReportEventType = (typeof REPORT_EVENT_TYPES)[number];
