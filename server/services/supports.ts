import { z } from 'zod';
import type { Sql } from '../db/connect.ts';
import { isOpen, type ReportStatus } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { supporterHash } from './tracking-code.ts';

export const SupportResult = z.object({
  supportCount: z.number().int(),
  /** false when this supporter had already joined: the count did not change. */
  created: z.boolean(),
});
export type SupportResult = z.infer<typeof SupportResult>;

/**
 * "Mi associo": one support per supporter token per report. The report row is locked for the
 * transaction, so parallel requests with the same token count once and a status change cannot
 * slip in between the check and the count.
 */
export async function addSupport(
  sql: Sql,
  key: Buffer,
  municipalityId: number,
  reference: string,
  supporterToken: string,
  email: string | undefined,
): Promise<SupportResult> {
  const hash = supporterHash(key, supporterToken);
  return sql.begin(async (tx) => {
    const [report] = await tx<{ id: string; status: ReportStatus; published: boolean; support_count: number }[]>`
      SELECT id, status, published, support_count FROM report
      WHERE municipality_id = ${municipalityId} AND reference = ${reference}
      FOR UPDATE`;
    if (!report || !report.published || report.status === 'hidden') throw notFound('Report');
    if (!isOpen(report.status)) {
      throw new ApiError(409, 'report_closed', 'This report is closed: it can no longer be joined');
    }
    const inserted = await tx`
      INSERT INTO support (municipality_id, report_id, supporter_hash, email)
      VALUES (${municipalityId}, ${report.id}, ${hash}, ${email ?? null})
      ON CONFLICT (report_id, supporter_hash) DO NOTHING
      RETURNING id`;
    if (inserted.length === 0) {
      // Joined before; a newly given e-mail still counts as asking to be told of progress.
      if (email) await tx`UPDATE support SET email = ${email} WHERE report_id = ${report.id} AND supporter_hash = ${hash}`;
      return { supportCount: report.support_count, created: false };
    }
    const [updated] = await tx<{ support_count: number }[]>`
      UPDATE report SET support_count = support_count + 1 WHERE id = ${report.id} RETURNING support_count`;
    return { supportCount: updated.support_count, created: true };
  });
}
