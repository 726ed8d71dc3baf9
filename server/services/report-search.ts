import type { Sql } from '../db/connect.ts';
import { REFERENCE_FORMAT } from '../domain/formats.ts';

/** Free-text search of reports, shared by the public list, the map's clusters and the staff queue. */

/**
 * The fewest letters or digits in a row a text search must hold (README, "HTTP API"). The search
 * is a substring match served by the trigram index on `search_text` (0001_init.sql), and a
 * trigram index finds nothing to look up in one or two letters: PostgreSQL then reads every
 * report of the table, 0.5 s at 100 000 (issue 11, item 3; BENCHMARKS.md).
 */
export const MIN_SEARCH_RUN = 3;

/** Why `q` (already trimmed, not empty) cannot be searched, or undefined when it can. */
export function searchTextProblem(q: string): string | undefined {
  if ([...q].length < MIN_SEARCH_RUN) return `must be at least ${MIN_SEARCH_RUN} characters`;
  // fold_text() and pg_trgm split words where this does: letters and digits, accents aside.
  const folded = q.normalize('NFD').replace(/\p{M}/gu, '');
  if (!new RegExp(`[\\p{L}\\p{N}]{${MIN_SEARCH_RUN}}`, 'u').test(folded)) {
    return `must contain a word of at least ${MIN_SEARCH_RUN} letters or digits`;
  }
  return undefined;
}

/** `AND …` matching a free-text query in title and details (accent-insensitive), or a whole reference. */
export function textFilter(sql: Sql, q: string) {
  // Accent-insensitive substring search in title and details; a reference typed whole also matches.
  // `LIKE '%…%'` on search_text is what the trigram index report_search_trgm serves (EXPLAIN in
  // test/server/text-search.test.ts); the reference by the unique (municipality_id, reference).
  // The reference is compared only when the text has its shape: an OR always there made the
  // planner weigh two indexes and read the whole table instead, below some 10 000 reports.
  const like = sql`r.search_text LIKE '%' || replace(replace(replace(fold_text(${q}), '!', '!!'), '%', '!%'), '_', '!_') || '%' ESCAPE '!'`;
  return REFERENCE_FORMAT.test(q.trim()) ? sql`AND (${like} OR r.reference = ${q.trim()})` : sql`AND ${like}`;
}

/**
 * Sends `query` as an unnamed statement when it searches text, so that PostgreSQL plans it for the
 * text it is given. postgres.js prepares every statement, and after five runs PostgreSQL may
 * settle on a generic plan blind to the text: a rare word is best found through the trigram
 * index, a common one by walking the newest reports until the page is full, and the one plan for
 * both took 1.8 s at 100 000 reports for a text the right plan finds in 0.1 ms (BENCHMARKS.md).
 * `prepare: false` is what postgres.js's own `sql.unsafe()` sets on the same object.
 */
export function textPlanned<T extends PromiseLike<unknown>>(f: { q?: string }, query: T): T {
  const options = (query as unknown as { options?: { prepare?: boolean } }).options;
  if (f.q && options) options.prepare = false;
  return query;
}
