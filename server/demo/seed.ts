/**
 * The demo data: the Comune di Seravezza with its real streets (ANNCSU, ./data/) and about 150
 * invented reports, written when the server starts in demo mode on an empty database.
 */
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import type { Sql, Tx } from '../db/connect.ts';
import { importStreetsFile } from '../import/streets.ts';
import { createMunicipality, createStaffUser } from '../services/municipality.ts';
import { setOpen311Key } from '../services/open311-keys.ts';
import { deriveTrackingCode, newTrackingSalt, supporterHash, trackingHash } from '../services/tracking-code.ts';
import { placeStreets } from './places.ts';
import { planDemoReports } from './plan.ts';
import { DEMO_CATEGORIES, DEMO_DEPARTMENTS, DEMO_MUNICIPALITY, DEMO_OPEN311_KEY, DEMO_PASSWORD, DEMO_STAFF } from './seed-data.ts';

/** The real street names of Seravezza (CC BY 4.0, see ./data/LICENSE-seravezza-odonimi.txt). */
export const DEMO_STREETS_FILE = fileURLToPath(new URL('./data/seravezza-odonimi.csv', import.meta.url));



/** Any constant: processes starting together queue on it, and only the first one seeds. */
const DEMO_SEED_LOCK = 4_242_003;

/** postgres.js takes a point given as text: `(lon,lat)`. */
const pointText = (p: { lon: number; lat: number }) => `(${p.lon},${p.lat})`;

/**
 * Seeds the demo when the database holds no municipality at all, and returns what it wrote (for
 * a log line); returns undefined, writing nothing, otherwise. Everything happens in one
 * transaction under an advisory lock: a crash leaves nothing half-seeded, and of two processes
 * starting together the second waits, then finds the municipality and leaves it alone.
 */
export async function seedDemoIfEmpty(sql: Sql, key: Buffer): Promise<Record<string, number> | undefined> {
  const counts = await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${DEMO_SEED_LOCK})`;
    const [{ occupied }] = await tx<{ occupied: boolean }[]>`SELECT EXISTS (SELECT 1 FROM municipality) AS occupied`;
    if (occupied) return null;
    return seedDemo(tx, key);
  });
  return counts ?? undefined;
}

async function seedDemo(tx: Tx, key: Buffer): Promise<Record<string, number>> {
  const [{ now }] = await tx<{ now: Date }[]>`SELECT now()`;

  const municipalityId = await createMunicipality(tx, { ...DEMO_MUNICIPALITY, widgetPageUrl: '/demo/', isDemo: true });
  // The demo publishes its reports as open data (README, "Open data"), for the public statistics to show.
  await tx`UPDATE municipality SET open_data = true WHERE id = ${municipalityId}`;

  const departmentRows = DEMO_DEPARTMENTS.map((d) => ({ municipality_id: municipalityId, name: d.name, email: d.email }));
  const departments = await tx<{ id: number; name: string }[]>`
    INSERT INTO department ${tx(departmentRows)} RETURNING id, name`;
  const departmentId = new Map(DEMO_DEPARTMENTS.map((d) => [d.key, departments.find((row) => row.name === d.name)!.id]));

  const categoryRows = DEMO_CATEGORIES.map((c) => ({
    municipality_id: municipalityId,
    department_id: departmentId.get(c.department)!,
    name: c.name,
    description: c.description,
    days_to_accept: c.daysToAccept,
    days_to_resolve: c.daysToResolve,
    sort_order: c.sortOrder,
    questions: tx.json((c.questions ?? []) as never),
    notice: c.notice ?? null,
  }));
  const categories = await tx<{ id: number; name: string }[]>`
    INSERT INTO category ${tx(categoryRows)} RETURNING id, name`;
  const categoryId = new Map(DEMO_CATEGORIES.map((c) => [c.key, categories.find((row) => row.name === c.name)!.id]));

  await importStreetsFile(tx, municipalityId, DEMO_STREETS_FILE);
  const streets = await tx<{ id: number; nationalCode: string; type: string; baseName: string }[]>`
    SELECT id, national_code AS "nationalCode", type, base_name AS "baseName"
    FROM street WHERE municipality_id = ${municipalityId} ORDER BY national_code`;
  const streetId = new Map(streets.map((s) => [s.nationalCode, s.id]));

  // SYNTHETIC positions (see places.ts): what makes "nearest street" and the map work in the demo.
  const placements = placeStreets(streets);
  const streetPoints = [...placements.values()].flatMap((p) =>
    p.points.map((point, i) => ({
      municipality_id: municipalityId,
      street_id: streetId.get(p.nationalCode)!,
      location: pointText(point),
      source: 'demo',
      source_key: `demo:${p.nationalCode}:${i}`,
    })),
  );
  await tx`
    INSERT INTO street_point ${tx(streetPoints)}`;

  const plan = planDemoReports(streets, placements, now);
  const reportRows = plan.reports.map((r) => {
    const salt = newTrackingSalt();
    return {
      municipality_id: municipalityId,
      reference: r.reference,
      tracking_hash: trackingHash(key, deriveTrackingCode(key, salt)),
      tracking_salt: salt,
      category_id: categoryId.get(r.category.key)!,
      department_id: departmentId.get(r.category.department)!,
      status: r.status,
      published: r.published,
      title: r.title,
      details: r.details,
      street_id: streetId.get(r.streetCode)!,
      civic: r.civic,
      location: pointText(r.location),
      contact_name: r.contact?.name ?? null,
      contact_email: r.contact?.email ?? null,
      contact_phone: r.contact?.phone ?? null,
      support_count: r.supports.length,
      version: r.version,
      status_before_hidden: r.statusBeforeHidden,
      is_demo: true,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      accepted_at: r.acceptedAt,
      expected_at: r.expectedAt,
      closed_at: r.closedAt,
    };
  });
  const inserted = await tx<{ id: string; reference: string }[]>`
    INSERT INTO report ${tx(reportRows)}
    RETURNING id, reference`;
  const reportId = new Map(inserted.map((row) => [row.reference, row.id]));

  const duplicates = plan.reports
    .filter((r) => r.duplicateOf)
    .map((r) => [reportId.get(r.reference)!, reportId.get(r.duplicateOf!.reference)!]);
  if (duplicates.length) {
    await tx`
      UPDATE report SET duplicate_of = merged.original::bigint
      FROM (VALUES ${tx(duplicates)}) AS merged (id, original)
      WHERE report.id = merged.id::bigint`;
  }

  const eventData = (r: (typeof plan.reports)[number], e: (typeof r.events)[number]) => {
    if (!e.reassignedFrom) return e.data ?? null;
    const category = categoryId.get(r.category.key)!;
    return {
      fromDepartmentId: departmentId.get(e.reassignedFrom)!,
      toDepartmentId: departmentId.get(r.category.department)!,
      fromCategoryId: category,
      toCategoryId: category,
    };
  };
  // Events are written by no staff user (staff_user_id NULL): the demo has its history, not its clerks.
  const events = plan.reports.flatMap((r) =>
    r.events.map((e) => {
      const data = eventData(r, e);
      return {
        municipality_id: municipalityId,
        report_id: reportId.get(r.reference)!,
        type: e.type,
        status: e.status ?? null,
        message: e.message ?? null,
        public: e.public,
        data: data ? tx.json(data as postgres.JSONValue) : null,
        created_at: e.at,
      };
    }),
  );
  await tx`
    INSERT INTO report_event ${tx(events)}`;

  const supports = plan.reports.flatMap((r) =>
    r.supports.map((s) => ({
      municipality_id: municipalityId,
      report_id: reportId.get(r.reference)!,
      supporter_hash: supporterHash(key, s.token),
      email: s.email,
      created_at: s.at,
    })),
  );
  if (supports.length) {
    await tx`
      INSERT INTO support ${tx(supports)}`;
  }

  const staffIds: number[] = [];
  for (const user of DEMO_STAFF) {
    staffIds.push(await createStaffUser(tx, municipalityId, {
      ...user,
      password: DEMO_PASSWORD,
      departmentIds: user.departments.map((key) => departmentId.get(key)!),
    }));
  }
  // The first clerk's "my reports" is not empty: every third open report of their office is theirs,
  // given by the administrator (an internal event, as the console would write it).
  const [adminId, clerkId] = staffIds;
  await tx`
    WITH mine AS (
      SELECT id FROM (
        SELECT r.id, row_number() OVER (ORDER BY r.id) AS n FROM report r
        WHERE r.municipality_id = ${municipalityId} AND r.department_id = ${departmentId.get(DEMO_STAFF[1].departments[0])!}
          AND r.status IN ('accepted', 'in_progress', 'scheduled')
      ) open WHERE n % 3 = 1
    ), given AS (
      UPDATE report r SET assignee_id = ${clerkId} FROM mine WHERE r.id = mine.id RETURNING r.id, r.accepted_at
    )
    INSERT INTO report_event (municipality_id, report_id, type, public, staff_user_id, data, created_at)
    SELECT ${municipalityId}, id, 'assignee', false, ${adminId}, jsonb_build_object('fromAssigneeId', null, 'toAssigneeId', ${clerkId}::int),
           coalesce(accepted_at, now())
    FROM given`;

  // The demo's Open311 key is public (README): partners' software can be tried against the demo.
  await setOpen311Key(tx, municipalityId, DEMO_OPEN311_KEY);

  // The next report filed gets the next number of its year.
  const counterRows = plan.counters.map((c) => ({ municipality_id: municipalityId, year: c.year, last_number: c.lastNumber }));
  await tx`INSERT INTO reference_counter ${tx(counterRows)}`;

  return {
    departments: departments.length,
    categories: categories.length,
    streets: streets.length,
    streetPoints: streetPoints.length,
    reports: reportRows.length,
    events: events.length,
    supports: supports.length,
    staffUsers: DEMO_STAFF.length,
  };
}
