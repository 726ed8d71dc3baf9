import type { Sql } from '../../../server/db/connect.ts';
import { type NewStaffUser, createMunicipality, createStaffUser as createAccount } from '../../../server/services/municipality.ts';

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
  const municipalityId = await createMunicipality(sql, {
    slug,
    name: `Comune di ${slug}`,
    istatCode: '046028',
    center: { lon: 10.227, lat: 43.995 },
    zoom: 14,
    bounds: { west: 10.15, south: 43.94, east: 10.32, north: 44.06 },
    privacyUrl: 'https://example.org/privacy',
    publishOnArrival: opts.publishOnArrival ?? true,
    spamCheck: opts.spamCheck ?? 'off',
    formMinSeconds: opts.formMinSeconds ?? 3,
  });
  const [roads] = await sql<{ id: number }[]>`
    INSERT INTO department (municipality_id, name, email) VALUES (${municipalityId}, 'Ufficio Tecnico', 'tecnico@example.org') RETURNING id`;
  const [police] = await sql<{ id: number }[]>`
    INSERT INTO department (municipality_id, name, email) VALUES (${municipalityId}, 'Polizia Municipale', 'pm@example.org') RETURNING id`;
  const category = async (name: string, departmentId: number, active = true) =>
    (
      await sql<{ id: number }[]>`
        INSERT INTO category (municipality_id, department_id, name, days_to_accept, days_to_resolve, active)
        VALUES (${municipalityId}, ${departmentId}, ${name}, 2, 20, ${active}) RETURNING id`
    )[0].id;
  const street = async (code: string, type: string, baseName: string, name: string) =>
    (
      await sql<{ id: number }[]>`
        INSERT INTO street (municipality_id, national_code, type, base_name, name, locality)
        VALUES (${municipalityId}, ${code}, ${type}, ${baseName}, ${name}, 'Seravezza') RETURNING id`
    )[0].id;
  const gasperi = await street('319502', 'VIA', 'ALCIDE DE GASPERI', 'Via Alcide De Gasperi');
  const aurelia = await street('319515', 'VIA', 'AURELIA', 'Via Aurelia');
  const piazza = await street('319503', 'PIAZZA', 'ALESSANDRINI', 'Piazza Alessandrini');
  await sql`
    INSERT INTO street_point (municipality_id, street_id, location, source, civic, source_key) VALUES
      (${municipalityId}, ${gasperi}, point(10.2270, 43.9950), 'civic', '1', 'g1'),
      (${municipalityId}, ${gasperi}, point(10.2280, 43.9955), 'civic', '3', 'g3'),
      (${municipalityId}, ${aurelia}, point(10.2100, 43.9800), 'civic', '10', 'a10')`;
  return {
    id: municipalityId,
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

/** A staff account for the console's tests, with a known password when none is given. */
export async function createStaffUser(
  sql: Sql,
  municipalityId: number,
  user: Omit<NewStaffUser, 'password'> & { password?: string },
): Promise<number> {
  return createAccount(sql, municipalityId, { ...user, password: user.password ?? 'password-di-prova' });
}
