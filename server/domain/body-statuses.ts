/**
 * The statuses an outside body may give a report it was forwarded (README "Outside bodies"):
 * working on it, planned for a day, done. Shared by the server's check and the body's page.
 */
export const BODY_STATUSES = ['in_progress', 'scheduled', 'resolved'] as const;
export type BodyStatus = (typeof BODY_STATUSES)[number];
