import { z } from 'zod';
import type { Sql, Tx } from '../db/connect.ts';
import type { ReportEventType } from '../domain/report-events.ts';
import { REPORT_STATUSES, type ReportStatus, isOpen } from '../domain/status.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { enqueueCitizenReplyRequest, pausedUpdate } from './citizen-messages.ts';
import type { Municipality } from './municipality.ts';
import { enqueueAssignmentNotice, enqueueReportUpdate, enqueueNewReportNotice } from './outbox.ts';
import { isOfficeMember } from './staff-members.ts';
import { enqueueResolutionChecks } from './resolution-checks.ts';
import type { StaffUser } from './staff-auth.ts';
import { type LockedReport, type StaffEventData, canHandle, findForStaff } from './staff-report-detail.ts';

// Actions. Each runs in one transaction with the report row locked; those that change the report
// itself carry the version the clerk saw, and a stale one is refused (409) instead of overwriting.

export function checkVersion(r: LockedReport, version: number) {
  if (r.version !== version) {
    throw new ApiError(409, 'version_conflict', 'Someone else changed this report meanwhile: reload it and try again', {
      currentVersion: r.version,
    });
  }
}

export async function addEvent(
  tx: Tx,
  municipalityId: number,
  reportId: string,
  user: StaffUser,
  e: { type: ReportEventType; status?: ReportStatus; message?: string; public: boolean; data?: StaffEventData },
) {
  await tx`
    INSERT INTO report_event (municipality_id, report_id, type, status, message, public, staff_user_id, data)
    VALUES (${municipalityId}, ${reportId}, ${e.type}, ${e.status ?? null}, ${e.message ?? null}, ${e.public},
            ${user.id}, ${e.data ? tx.json(e.data as never) : null})`;
}

export async function bump(tx: Tx, reportId: string) {
  const [r] = await tx<{ version: number }[]>`
    UPDATE report SET version = version + 1, updated_at = now() WHERE id = ${reportId} RETURNING version`;
  return r.version;
}

export interface StatusChange {
  status: ReportStatus | 'unhidden';
  message?: string;
  expectedAt?: Date;
  version: number;
}

/** Whether the public may see a report in this status, given the municipality's publishing rule. */
const publishedFor = (status: ReportStatus, m: Municipality) => status !== 'hidden' && (status !== 'submitted' || m.publishOnArrival);

/**
 * Changes a locked report's status (the version already checked): the report, its event, the mails.
 * Undefined when the report already has that status; a 400 for a change the status rules refuse.
 */
export async function applyStatus(tx: Tx, m: Municipality, user: StaffUser, r: LockedReport, change: Omit<StatusChange, 'version'>) {
  let next: ReportStatus;
  if (change.status === 'unhidden') {
    if (r.status !== 'hidden') throw invalidRequest([{ field: 'status', message: 'the report is not hidden' }]);
    next = r.status_before_hidden ?? 'submitted';
  } else {
    next = change.status;
  }
  if (next === r.status) return undefined;
  // Un-hiding a merged report gives it back as the duplicate it was; only a merge makes one.
  if (change.status === 'duplicate') throw invalidRequest([{ field: 'status', message: 'use merge to mark a duplicate' }]);
  if ((next === 'rejected' || next === 'hidden') && !change.message) {
    throw invalidRequest([{ field: 'message', message: `a reason is required for ${next}` }]);
  }
  // Waiting for the citizen is a question to them: it goes by e-mail with a link to answer.
  if (next === 'waiting_for_citizen' && !change.message) {
    throw invalidRequest([{ field: 'message', message: 'the question for the citizen is required' }]);
  }
  if (next === 'scheduled' && !change.expectedAt) {
    throw invalidRequest([{ field: 'expectedAt', message: 'the expected date is required for scheduled' }]);
  }
  const published = publishedFor(next, m);
  // A duplicate (un-hidden back to it) was never taken in charge: a merge does not stamp it either.
  const takenInCharge = next !== 'submitted' && next !== 'hidden' && next !== 'duplicate' && r.accepted_at === null;
  await tx`
    UPDATE report SET
      status = ${next},
      published = ${published},
      status_before_hidden = ${next === 'hidden' ? r.status : null},
      accepted_at = ${takenInCharge ? tx`now()` : tx`accepted_at`},
      expected_at = ${next === 'scheduled' ? change.expectedAt! : tx`expected_at`},
      closed_at = ${isOpen(next) ? null : next === 'hidden' ? tx`closed_at` : tx`now()`},
      ${pausedUpdate(tx, next)}
    WHERE id = ${r.id}`;
  await addEvent(tx, m.id, r.id, user, {
    type: 'status',
    status: next,
    message: change.message,
    // Moderation and its reason stay internal; every other change is public history.
    public: next !== 'hidden',
    data: { from: r.status, ...(next === 'scheduled' ? { expectedAt: change.expectedAt } : {}) },
  });
  if (next === 'waiting_for_citizen') await enqueueCitizenReplyRequest(tx, m.id, r.id, change.message!);
  else if (published) await enqueueReportUpdate(tx, m.id, r.id, { status: next, message: change.message });
  // "Is it really fixed?": the reporter and the supporters are asked (services/resolution-checks.ts);
  // not again when moderation gives a resolved report back.
  if (published && change.status === 'resolved') await enqueueResolutionChecks(tx, m.id, r.id);
  return { version: await bump(tx, r.id), status: next, published };
}

/**
 * What each action answers: the report's new `version` (the next action sends it back), and what
 * changed. A reply or a note keeps the version (addReply).
 */
export const ActionAnswers = {
  status: z.object({ version: z.number().int(), status: z.enum(REPORT_STATUSES), published: z.boolean() }),
  version: z.object({ version: z.number().int() }),
  move: z.object({ version: z.number().int(), departmentId: z.number().int(), categoryId: z.number().int() }),
  assignee: z.object({ version: z.number().int(), assigneeId: z.number().int().nullable() }),
  merge: z.object({ version: z.number().int(), into: z.string(), supportCount: z.number().int() }),
};
type Answer<K extends keyof typeof ActionAnswers> = Promise<z.infer<(typeof ActionAnswers)[K]>>;

export async function changeStatus(sql: Sql, m: Municipality, user: StaffUser, reference: string, change: StatusChange): Answer<'status'> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, change.version);
    const done = await applyStatus(tx, m, user, r, change);
    if (!done) throw invalidRequest([{ field: 'status', message: 'the report already has this status' }]);
    return done;
  });
}

export async function addReply(sql: Sql, m: Municipality, user: StaffUser, reference: string, message: string, internal: boolean): Answer<'version'> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    await addEvent(tx, m.id, r.id, user, { type: internal ? 'note' : 'reply', message, public: !internal });
    if (!internal && r.published) await enqueueReportUpdate(tx, m.id, r.id, { message });
    // A reply or a note changes nothing another clerk could overwrite: the version stays, so a
    // colleague's pending status change is not refused because of it.
    await tx`UPDATE report SET updated_at = now() WHERE id = ${r.id}`;
    return { version: r.version };
  });
}

export interface Move {
  departmentId?: number;
  categoryId?: number;
}

/**
 * Moves a locked report to another office or category (the version already checked). A new
 * category routes to its own office unless one is named; the assignee stays only if they are a
 * member of the new office. Undefined when nothing would change.
 */
export async function applyMove(tx: Tx, m: Municipality, user: StaffUser, r: LockedReport, to: Move) {
  let categoryId = r.category_id;
  let departmentId = to.departmentId;
  if (to.categoryId !== undefined) {
    const [category] = await tx<{ department_id: number }[]>`
      SELECT department_id FROM category WHERE municipality_id = ${m.id} AND id = ${to.categoryId}`;
    if (!category) throw invalidRequest([{ field: 'categoryId', message: 'Unknown category' }]);
    categoryId = to.categoryId;
    departmentId ??= category.department_id;
  }
  departmentId ??= r.department_id;
  if (to.departmentId !== undefined) {
    const [d] = await tx`SELECT 1 FROM department WHERE municipality_id = ${m.id} AND id = ${to.departmentId}`;
    if (!d) throw invalidRequest([{ field: 'departmentId', message: 'Unknown department' }]);
  }
  if (categoryId === r.category_id && departmentId === r.department_id) return undefined;
  const keepsAssignee = r.assignee_id !== null && departmentId !== r.department_id
    ? await isOfficeMember(tx, r.assignee_id, departmentId)
    : true;
  await tx`
    UPDATE report SET category_id = ${categoryId}, department_id = ${departmentId},
                      assignee_id = ${keepsAssignee ? r.assignee_id : null}
    WHERE id = ${r.id}`;
  await addEvent(tx, m.id, r.id, user, {
    type: 'assign',
    public: false,
    data: {
      fromDepartmentId: r.department_id, toDepartmentId: departmentId, fromCategoryId: r.category_id, toCategoryId: categoryId,
      ...(keepsAssignee ? {} : { fromAssigneeId: r.assignee_id, toAssigneeId: null }),
    },
  });
  if (departmentId !== r.department_id) await enqueueNewReportNotice(tx, m.id, r.id, departmentId);
  return { version: await bump(tx, r.id), departmentId, categoryId };
}

export async function reassign(sql: Sql, m: Municipality, user: StaffUser, reference: string, to: Move & { version: number }): Answer<'move'> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, to.version);
    const done = await applyMove(tx, m, user, r, to);
    if (!done) throw invalidRequest([{ field: 'departmentId', message: 'nothing to change' }]);
    return done;
  });
}

/**
 * Gives a locked report to a member of its office, or back to the office as a whole (null); the
 * version already checked. The new assignee is told by e-mail unless they gave it to themselves.
 * Undefined when the report already has that assignee.
 */
export async function applyAssignee(tx: Tx, m: Municipality, user: StaffUser, r: LockedReport, assigneeId: number | null) {
  if (assigneeId === r.assignee_id) return undefined;
  if (assigneeId !== null && !(await isOfficeMember(tx, assigneeId, r.department_id))) {
    throw invalidRequest([{ field: 'assigneeId', message: 'not an active member of the report’s office' }]);
  }
  await tx`UPDATE report SET assignee_id = ${assigneeId} WHERE id = ${r.id}`;
  await addEvent(tx, m.id, r.id, user, { type: 'assignee', public: false, data: { fromAssigneeId: r.assignee_id, toAssigneeId: assigneeId } });
  if (assigneeId !== null && assigneeId !== user.id) await enqueueAssignmentNotice(tx, m.id, r.id, assigneeId, user);
  return { version: await bump(tx, r.id), assigneeId };
}

export async function setAssignee(sql: Sql, m: Municipality, user: StaffUser, reference: string, to: { assigneeId: number | null; version: number }): Answer<'assignee'> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    checkVersion(r, to.version);
    const done = await applyAssignee(tx, m, user, r, to.assigneeId);
    if (!done) throw invalidRequest([{ field: 'assigneeId', message: 'the report already has this assignee' }]);
    return done;
  });
}

/**
 * Reports given to someone who is no longer an active member of their office (an admin changed
 * the account's offices or deactivated it) go back to the office as a whole, each with its event by
 * that admin, in the admin's transaction: nobody's "my reports" keeps what they can no longer see.
 */
export async function releaseAssignments(tx: Tx, municipalityId: number, by: { staffUserId: number }, assigneeId: number) {
  await tx`
    WITH gone AS (
      -- Locked in id order, like every action on several reports (staff-bulk-actions.ts).
      SELECT r.id FROM report r
      WHERE r.municipality_id = ${municipalityId} AND r.assignee_id = ${assigneeId}
        AND NOT EXISTS (
          SELECT 1 FROM staff_department sd JOIN staff_user u ON u.id = sd.staff_user_id
          WHERE sd.staff_user_id = ${assigneeId} AND sd.department_id = r.department_id AND u.active)
      ORDER BY r.id FOR UPDATE
    ), released AS (
      UPDATE report r SET assignee_id = NULL, version = version + 1, updated_at = now()
      FROM gone WHERE r.id = gone.id RETURNING r.id
    )
    INSERT INTO report_event (municipality_id, report_id, type, public, staff_user_id, data)
    SELECT ${municipalityId}, id, 'assignee', false, ${by.staffUserId},
           jsonb_build_object('fromAssigneeId', ${assigneeId}::int, 'toAssigneeId', null)
    FROM released`;
}

/** A duplicate, or a duplicate that moderation has since hidden (it keeps its pointer meanwhile). */
const isDuplicate = (r: Pick<LockedReport, 'status' | 'status_before_hidden'>) =>
  r.status === 'duplicate' || (r.status === 'hidden' && r.status_before_hidden === 'duplicate');

/**
 * Marks a report as a duplicate of another: it closes with a pointer to the other, and its
 * supporters move over, each counted once even if they had joined both.
 *
 * A merge is bookkeeping, never a publishing decision: the duplicate keeps its `published` flag
 * (a report awaiting review stays unpublished), and a report hidden by moderation stays hidden,
 * with `duplicate` as the status that un-hiding gives back. A clerk may merge only between
 * reports of their own departments, like every other action (canHandle).
 */
export async function mergeInto(sql: Sql, m: Municipality, user: StaffUser, reference: string, into: string, version: number): Answer<'merge'> {
  if (into === reference) throw invalidRequest([{ field: 'into', message: 'a report cannot be merged into itself' }]);
  return sql.begin(async (tx) => {
    // Lock both rows in one order, so two merges in opposite directions cannot deadlock. Everything
    // below reads them after the lock: a concurrent merge, move or hiding of either is seen.
    await tx`SELECT id FROM report WHERE municipality_id = ${m.id} AND reference IN ${tx([reference, into])} ORDER BY id FOR UPDATE`;
    const r = await findForStaff(tx, m.id, user, reference, false);
    checkVersion(r, version);
    const [target] = await tx<{ id: string; status: ReportStatus; department_id: number }[]>`
      SELECT id, status, department_id FROM report WHERE municipality_id = ${m.id} AND reference = ${into}`;
    if (!target) throw invalidRequest([{ field: 'into', message: 'Unknown report' }]);
    if (!canHandle(user, target.department_id)) {
      throw new ApiError(403, 'forbidden', 'The report to merge into belongs to a department you do not handle');
    }
    if (target.status === 'duplicate' || target.status === 'hidden') {
      throw invalidRequest([{ field: 'into', message: 'the target report is itself a duplicate or hidden' }]);
    }
    if (isDuplicate(r)) throw invalidRequest([{ field: 'into', message: 'the report is already a duplicate' }]);
    const hidden = r.status === 'hidden';
    await tx`
      INSERT INTO support (municipality_id, report_id, supporter_hash, email, created_at)
      SELECT municipality_id, ${target.id}, supporter_hash, email, created_at FROM support WHERE report_id = ${r.id}
      ON CONFLICT (report_id, supporter_hash) DO NOTHING`;
    await tx`DELETE FROM support WHERE report_id = ${r.id}`;
    const [{ support_count }] = await tx<{ support_count: number }[]>`
      UPDATE report SET support_count = (SELECT count(*) FROM support WHERE report_id = ${target.id})
      WHERE id = ${target.id} RETURNING support_count`;
    await tx`
      UPDATE report SET duplicate_of = ${target.id}, support_count = 0, closed_at = now(),
                        ${hidden ? tx`status_before_hidden = 'duplicate'` : tx`status = 'duplicate'`}
      WHERE id = ${r.id}`;
    await addEvent(tx, m.id, r.id, user, { type: 'merge', status: 'duplicate', public: !hidden, data: { into } });
    await addEvent(tx, m.id, target.id, user, { type: 'merge', public: false, data: { from: reference } });
    // The reporter learns where the fix is tracked, unless moderation hid the report: the mail
    // would carry its title, and changeStatus tells nobody about a hidden report either.
    if (!hidden) await enqueueReportUpdate(tx, m.id, r.id, { status: 'duplicate', duplicateOf: into });
    await bump(tx, target.id);
    return { version: await bump(tx, r.id), into, supportCount: support_count };
  });
}

/** Moderation of one photo (a face, a number plate): hidden from the public, kept for staff. */
export async function setPhotoHidden(sql: Sql, m: Municipality, user: StaffUser, reference: string, photoId: string, hidden: boolean): Answer<'version'> {
  return sql.begin(async (tx) => {
    const r = await findForStaff(tx, m.id, user, reference, true);
    const rows = await tx`UPDATE photo SET hidden = ${hidden} WHERE report_id = ${r.id} AND public_id = ${photoId} RETURNING id`;
    if (!rows.length) throw notFound('Photo');
    await addEvent(tx, m.id, r.id, user, { type: 'note', message: hidden ? 'Foto nascosta' : 'Foto di nuovo visibile', public: false, data: { photo: photoId, hidden } });
    return { version: await bump(tx, r.id) };
  });
}
