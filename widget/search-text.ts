/**
 * The server refuses a text search without a word of 3 letters or digits (400 on `q`; README,
 * "HTTP API"; server/services/report-search.ts searchTextProblem, which a test keeps in step with this):
 * the search box says so instead of sending it.
 */
export const MIN_SEARCH_RUN = 3;

/** Whether the server can search `q` (trimmed, not empty). */
export function isSearchable(q: string): boolean {
  const folded = q.normalize('NFD').replace(/\p{M}/gu, '');
  return /[\p{L}\p{N}]{3}/u.test(folded);
}
