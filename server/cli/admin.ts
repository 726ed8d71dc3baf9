import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError, findMunicipalityBySlug, openCliDatabase, runCli } from './database.ts';

/**
 * `npm run admin -- …`: what an operator does before anyone can log in — create a municipality
 * and its first administrator. Everything after that (offices, categories, staff) is done in the
 * console by that administrator.
 */
const USAGE = `Usage:
  npm run admin -- municipality add --slug <slug> --name <name> --center <lat,lon> [options]
  npm run admin -- municipality list
  npm run admin -- staff add --municipality <slug> --email <e-mail> --name <name> [--role admin|staff]

municipality add options:
  --slug <slug>              in every URL: /api/v1/<slug>/… (lower case, digits, dashes)
  --name <name>              e.g. "Comune di Seravezza"
  --center <lat,lon>         map centre, e.g. 43.995,10.227
  --bounds <s,w,n,e>         the territory: points outside it are refused
  --zoom <n>                 initial map zoom (default 14)
  --istat <code>             ISTAT code, e.g. 046028
  --origin <url>             a site allowed to embed the widget and file reports (repeatable)
  --privacy-url <url>        the municipality's privacy notice
  --widget-page <url>        the page of its site with the widget (links in e-mails)
  --publish-on-arrival       reports are public at once (default: once staff accept them)

staff add: the password is taken from SEGNALA_PASSWORD when set (at least 10 characters),
otherwise generated and printed once. The administrator changes it in the console.

Database: DATABASE_URL when set, otherwise the embedded database in DATA_DIR (default ./data),
which opens in one process only: stop the Segnala server first.`;

const coords = (n: number, what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((p) => Number(p.trim())))
    .refine((a) => a.length === n && a.every(Number.isFinite), `${what} must be ${n} comma-separated numbers`);

const MunicipalityArgs = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '--slug must be lower case letters, digits and dashes'),
  name: z.string().trim().min(2, '--name is required (at least 2 characters)'),
  center: coords(2, '--center').refine(([lat, lon]) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180, '--center must be lat,lon'),
  bounds: coords(4, '--bounds').optional(),
  zoom: z.coerce.number().int().min(1).max(20).default(14),
  istat: z.string().regex(/^\d{6}$/, '--istat must be 6 digits').optional(),
  origin: z.array(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i, '--origin must be like https://www.comune.example.it')).default([]),
  'privacy-url': z.url().optional(),
  'widget-page': z.url().optional(),
  'publish-on-arrival': z.boolean().default(false),
});

const StaffArgs = z.object({
  municipality: z.string().min(1, '--municipality is required'),
  email: z.email('--email must be an e-mail address'),
  name: z.string().trim().min(2, '--name is required (at least 2 characters)'),
  role: z.enum(['admin', 'staff']).default('admin'),
});

function parsed<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) throw new UsageError(`${result.error.issues.map((i) => i.message).join('\n')}\n\n${USAGE}`);
  return result.data;
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        slug: { type: 'string' },
        name: { type: 'string' },
        center: { type: 'string' },
        bounds: { type: 'string' },
        zoom: { type: 'string' },
        istat: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'privacy-url': { type: 'string' },
        'widget-page': { type: 'string' },
        'publish-on-arrival': { type: 'boolean' },
        municipality: { type: 'string', short: 'm' },
        email: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = positionals.join(' ');
  if (!['municipality add', 'municipality list', 'staff add'].includes(command)) {
    throw new UsageError(`${command ? `Unknown command "${command}".` : 'Which command?'}\n\n${USAGE}`);
  }
  const municipalityArgs = command === 'municipality add' ? parsed(MunicipalityArgs, values) : undefined;
  const staffArgs = command === 'staff add' ? parsed(StaffArgs, values) : undefined;
  const password = staffArgs ? process.env.SEGNALA_PASSWORD || randomBytes(12).toString('base64url') : undefined;
  if (password !== undefined && password.length < 10) throw new UsageError('SEGNALA_PASSWORD must be at least 10 characters.');

  const [{ parseEnv }, { migrate }, { createMunicipality, createStaffUser }] = await Promise.all([
    import('../env.ts'),
    import('../db/migrate.ts'),
    import('../services/municipality.ts'),
  ]);
  const env = parseEnv();
  const db = await openCliDatabase(env.DATABASE_URL, env.DATA_DIR);
  try {
    await migrate(db.sql);
    if (command === 'municipality list') {
      const rows = await db.sql<{ slug: string; name: string; staff: number; reports: number }[]>`
        SELECT m.slug, m.name,
               (SELECT count(*) FROM staff_user u WHERE u.municipality_id = m.id)::int AS staff,
               (SELECT count(*) FROM report r WHERE r.municipality_id = m.id)::int AS reports
        FROM municipality m ORDER BY m.slug`;
      if (!rows.length) process.stdout.write('No municipality yet.\n');
      for (const r of rows) process.stdout.write(`${r.slug}\t${r.name}\t${r.staff} staff\t${r.reports} reports\n`);
      return 0;
    }
    if (municipalityArgs) {
      const a = municipalityArgs;
      const [lat, lon] = a.center;
      const [exists] = await db.sql`SELECT 1 FROM municipality WHERE slug = ${a.slug}`;
      if (exists) throw new UsageError(`A municipality "${a.slug}" already exists.`);
      const [south, west, north, east] = a.bounds ?? [];
      await createMunicipality(db.sql, {
        slug: a.slug,
        name: a.name,
        istatCode: a.istat,
        center: { lat, lon },
        zoom: a.zoom,
        bounds: a.bounds ? { south, west, north, east } : null,
        privacyUrl: a['privacy-url'],
        publishOnArrival: a['publish-on-arrival'],
        allowedOrigins: a.origin,
        widgetPageUrl: a['widget-page'],
      });
      process.stdout.write(
        `Created ${a.name} (${a.slug}). Next: import its street list (npm run import -- streets --municipality ${a.slug} <file>)\n` +
          `and create its first administrator (npm run admin -- staff add --municipality ${a.slug} --email … --name …).\n`,
      );
      return 0;
    }
    const s = staffArgs!;
    const municipality = await findMunicipalityBySlug(db, s.municipality);
    const email = s.email.toLowerCase();
    const [exists] = await db.sql`SELECT 1 FROM staff_user WHERE municipality_id = ${municipality.id} AND email = ${email}`;
    if (exists) throw new UsageError(`${email} already has an account in ${s.municipality}.`);
    await createStaffUser(db.sql, municipality.id, { email, name: s.name, role: s.role, password: password! });
    process.stdout.write(`Created ${s.role} ${email} in ${s.municipality}.\n`);
    if (!process.env.SEGNALA_PASSWORD) process.stdout.write(`Password (shown once, pass it on privately): ${password}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

runCli(main, 'Failed');
