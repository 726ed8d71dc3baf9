/**
 * A moderation edit of a report's public text (issue 15 §6): the longest reason staff may give.
 * The title and description take the filing's limits (formats.ts). A plain constant, for the
 * server's schema and the console's form alike.
 */
export const EDIT_REASON_MAX = 500;
