import type { Sql } from '../../../server/db/connect.ts';

export interface TestMunicipality {
  id: number;
  slug: string;
  departments: { roads: number; police: number };
  categories: { lighting: number; potholes: number; parking: number; retired: number };
  streets: { gasperi: number; aurelia: number; piazza: number };
}

/**
 * A small municipality for tests: two departments, three active categories and one inactive,
 * three streets (two with known points, for "nearest street"). Its spam check is off unless asked
 * for: most tests file as an API client would; spam-check.test.ts tests the checks themselves.
 */
export async function createTestMunicipality(
  sql: Sql,
  opts: { slug?: string; publishOnArrival?: boolean; spamCheck?: 'off' | 'form' | 'pow'; formMinSeconds?: number } = {},
): Promise<TestMunicipality> {
  const slug = opts.slug ?? 'testville';
  const [m] = await sql<{ id: number }[]>`
    INSERT INTO municipality (slug, name, istat_code, map_center, map_zoom, map_bounds, privacy_url, publish_on_arrival,
                              spam_check, form_min_seconds)
    VALUES (${slug}, ${'Comune di ' + slug}, '046028', point(10.227, 43.995), 14,
            box(point(10.15, 43.94), point(10.32, 44.06)), 'https://example.org/privacy',
            ${opts.publishOnArrival ?? true}, ${opts.spamCheck ?? 'off'}, ${opts.formMinSeconds ?? 3})
    RETURNING id`;
  const [roads] = await sql<{ id: number }[]>`
    INSERT INTO department (municipality_id, name, email) VALUES (${m.id}, 'Ufficio Tecnico', 'tecnico@example.org') RETURNING id`;
  const [police] = await sql<{ id: number }[]>`
    INSERT INTO department (municipality_id, name, email) VALUES (${m.id}, 'Polizia Municipale', 'pm@example.org') RETURNING id`;
  const category = async (name: string, departmentId: number, active = true) =>
    (
      await sql<{ id: number }[]>`
        INSERT INTO category (municipality_id, department_id, name, days_to_accept, days_to_resolve, active)
        VALUES (${m.id}, ${departmentId}, ${name}, 2, 20, ${active}) RETURNING id`
    )[0].id;
  const street = async (code: string, type: string, baseName: string, name: string) =>
    (
      await sql<{ id: number }[]>`
        INSERT INTO street (municipality_id, national_code, type, base_name, name, locality)
        VALUES (${m.id}, ${code}, ${type}, ${baseName}, ${name}, 'Seravezza') RETURNING id`
    )[0].id;
  const gasperi = await street('319502', 'VIA', 'ALCIDE DE GASPERI', 'Via Alcide De Gasperi');
  const aurelia = await street('319515', 'VIA', 'AURELIA', 'Via Aurelia');
  const piazza = await street('319503', 'PIAZZA', 'ALESSANDRINI', 'Piazza Alessandrini');
  await sql`
    INSERT INTO street_point (municipality_id, street_id, location, source, civic, source_key) VALUES
      (${m.id}, ${gasperi}, point(10.2270, 43.9950), 'civic', '1', 'g1'),
      (${m.id}, ${gasperi}, point(10.2280, 43.9955), 'civic', '3', 'g3'),
      (${m.id}, ${aurelia}, point(10.2100, 43.9800), 'civic', '10', 'a10')`;
  return {
    id: m.id,
    slug,
    departments: { roads: roads.id, police: police.id },
    categories: {
      lighting: await category('Illuminazione pubblica', roads.id),
      potholes: await category('Strade e marciapiedi', roads.id),
      parking: await category('Sosta irregolare', police.id),
      retired: await category('Vecchia categoria', roads.id, false),
    },
    streets: { gasperi, aurelia, piazza },
  };
}

/** A staff account with a known password, for the console's tests. */
export async function createStaffUser(
  sql: Sql,
  municipalityId: number,
  user: { email: string; name: string; role: 'admin' | 'staff'; departmentIds?: number[]; password?: string },
): Promise<number> {
  const { hashPassword } = await import('../../../server/services/passwords.ts');
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO staff_user (municipality_id, email, name, role, password_hash)
    VALUES (${municipalityId}, ${user.email}, ${user.name}, ${user.role}, ${await hashPassword(user.password ?? 'password-di-prova')})
    RETURNING id`;
  for (const departmentId of user.departmentIds ?? []) {
    await sql`INSERT INTO staff_department (municipality_id, staff_user_id, department_id) VALUES (${municipalityId}, ${row.id}, ${departmentId})`;
  }
  return row.id;
}
