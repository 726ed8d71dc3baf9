import type { Sql } from '../../db/connect.ts';
import type { Logger } from '../../log.ts';
import { repeatingJob } from '../repeating-job.ts';
import { createEditions, readPublication, romeDay } from './dataset.ts';

/**
 * Builds each publishing municipality's edition of the day soon after midnight (Europe/Rome), so
 * that the first reader of the day does not wait for it. Every process may run it: the build's
 * advisory lock lets one build and the others find it built (dataset.ts). A request that comes
 * first builds it itself, the same way.
 */
export function createOpenDataJob(o: { sql: Sql; logger: Logger; now?: () => number }) {
  const now = o.now ?? Date.now;
  const editions = createEditions({ sql: o.sql, logger: o.logger });

  async function runOnce(): Promise<number> {
    const day = romeDay(now());
    const due = await o.sql<{ id: number }[]>`
      SELECT m.id FROM municipality m
      WHERE m.open_data AND NOT EXISTS (
        SELECT 1 FROM open_data_snapshot s WHERE s.municipality_id = m.id AND s.day = ${day} AND s.etags <> '{}')
      ORDER BY m.id`;
    for (const { id } of due) {
      const p = await readPublication(o.sql, id);
      if (p?.openData) await editions.edition(p, day);
    }
    return due.length;
  }

  return { runOnce, ...repeatingJob(runOnce, { logger: o.logger, failure: 'open data round failed' }) };
}
