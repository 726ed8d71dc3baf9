import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { constants, createGunzip, createGzip } from 'node:zlib';
import type { Sql, Tx } from '../../db/connect.ts';
import type { Logger } from '../../log.ts';
import { STATUS_INFO, type ReportStatus } from '../../domain/status.ts';
import { TIME_ZONE } from '../../domain/time-zone.ts';
import { csvField } from '../../http/csv-text.ts';
import { OPEN_DATA_LICENCES, type OpenDataLicence } from './licences.ts';
import { OPEN_DATA_DECIMALS, openDataDescription, openDataScope, openDataTitle } from './selection.ts';

/**
 * The daily open dataset (README, "Open data"): one edition per municipality and day (the day in
 * Europe/Rome), built once — by the daily job (services/open-data/daily-job.ts) or by the first
 * request of the day — and then served as stored, so that a whole day gives the same bytes and
 * the same ETag. Both formats come from one pass over the reports.
 *
 * At a million reports the build reads the rows through a server-side cursor a few thousand at a
 * time and writes the file gzipped, in parts of a few megabytes (migration 0021): it never holds the whole
 * file, and it takes no lock that a filing waits for (a plain SELECT; its own rows in its own
 * tables). Builds of one municipality queue on an advisory lock, and the second finds the first's
 * edition: concurrent first requests, or several processes, build it once.
 */

export const OPEN_DATA_FORMATS = ['csv', 'geojson'] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

/** Any constant: builds of one municipality's edition queue on (this, municipality id). */
const OPEN_DATA_LOCK = 4_242_014;
/** The size a part reaches before it is written (rows are fetched 5000 at a time: FETCH takes no parameter). */
const PART_BYTES = 4 * 1024 * 1024;

/** What the dataset and its metadata need to know of the municipality, read fresh on every request. */
export interface Publication {
  municipalityId: number;
  slug: string;
  name: string;
  openData: boolean;
  licence: OpenDataLicence;
  ipaCode: string | null;
  contactEmail: string | null;
}

export async function readPublication(sql: Sql, municipalityId: number): Promise<Publication | undefined> {
  const [p] = await sql<Publication[]>`
    SELECT id AS "municipalityId", slug, name, open_data AS "openData", open_data_licence AS licence,
           ipa_code AS "ipaCode", contact_email AS "contactEmail"
    FROM municipality WHERE id = ${municipalityId}`;
  return p;
}

export interface Edition {
  day: string;
  builtAt: Date;
  rowCount: number;
  etags: Record<OpenDataFormat, string>;
  /** Sizes of each file, plain (`csv`) and as stored, gzipped (`csv_gzip`). */
  byteSizes: Record<OpenDataFormat | `${OpenDataFormat}_gzip`, number>;
  parts: Record<OpenDataFormat, number>;
}

/** The day (YYYY-MM-DD) of an instant in the municipalities' time zone. */
export function romeDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** The columns of the dataset, in order, the same names in the CSV header and the GeoJSON properties. */
export const OPEN_DATA_COLUMNS = [
  'reference',
  'created_at',
  'accepted_at',
  'closed_at',
  'status',
  'status_label',
  'category',
  'office',
  'street',
  'civic',
  'lat',
  'lon',
  'support_count',
  'title',
  'description',
] as const;

interface Row {
  reference: string;
  created_at: Date;
  accepted_at: Date | null;
  closed_at: Date | null;
  status: ReportStatus;
  category: string;
  office: string;
  street: string | null;
  civic: string | null;
  lat: string | null;
  lon: string | null;
  support_count: number;
  title: string | null;
  description: string | null;
}

/**
 * One file being written: text gathers until a part is full, then goes to the database. Only one
 * part per file is on its way at a time, queued on the build's connection behind the next FETCH:
 * the encoding of a batch overlaps the database's work on the next, and memory stays a few parts.
 */
class FileWriter {
  private chunks: string[] = [];
  private pending = 0;
  private readonly hash = createHash('sha256');
  private sending: Promise<unknown> = Promise.resolve();
  /**
   * One gzip stream for the whole file, flushed at each part: the parts, one after the other, are
   * one valid gzip file (served as it is to clients that take gzip). A tenth of the bytes to write,
   * to keep and to send.
   */
  private readonly gzip = createGzip({ level: 4 });
  private gzipped: Buffer[] = [];
  bytes = 0;
  gzipBytes = 0;
  parts = 0;

  constructor(
    private readonly tx: Tx,
    private readonly at: { municipalityId: number; day: string; format: OpenDataFormat },
  ) {
    this.gzip.on('data', (b: Buffer) => this.gzipped.push(b));
  }

  add(text: string) {
    this.chunks.push(text);
    this.pending += text.length;
  }

  /** Sends what has gathered when it fills a part (or whatever is left, at the end). */
  async send(final = false) {
    if (!this.pending || (!final && this.pending < PART_BYTES)) return;
    const body = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.pending = 0;
    this.hash.update(body);
    this.bytes += body.length;
    this.gzip.write(body);
    if (final) {
      this.gzip.end();
      await once(this.gzip, 'end');
    } else await new Promise<void>((resolve) => this.gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    const part = Buffer.concat(this.gzipped);
    this.gzipped = [];
    this.gzipBytes += part.length;
    await this.sending;
    const { municipalityId, day, format } = this.at;
    this.sending = this.tx`
      INSERT INTO open_data_part (municipality_id, day, format, seq, body)
      VALUES (${municipalityId}, ${day}, ${format}, ${this.parts++}, ${part})`.execute();
    if (final) await this.sending;
  }

  /** The ETag of the whole file: the edition's day and the hash of its bytes. */
  etag() {
    return `"${this.at.day}-${this.hash.digest('hex').slice(0, 20)}"`;
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function csvLine(r: Row): string {
  const values: Record<(typeof OPEN_DATA_COLUMNS)[number], unknown> = {
    ...r,
    created_at: iso(r.created_at),
    accepted_at: iso(r.accepted_at),
    closed_at: iso(r.closed_at),
    status_label: STATUS_INFO[r.status]?.label ?? r.status,
  };
  return OPEN_DATA_COLUMNS.map((c) => csvField(values[c])).join(',') + '\r\n';
}

function feature(r: Row): string {
  return JSON.stringify({
    type: 'Feature',
    id: r.reference,
    // RFC 7946: longitude first. A report filed by street only has no point: a row all the same.
    geometry: r.lat !== null && r.lon !== null ? { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] } : null,
    properties: {
      reference: r.reference,
      created_at: iso(r.created_at),
      accepted_at: iso(r.accepted_at),
      closed_at: iso(r.closed_at),
      status: r.status,
      status_label: STATUS_INFO[r.status]?.label ?? r.status,
      category: r.category,
      office: r.office,
      street: r.street,
      civic: r.civic,
      lat: r.lat === null ? null : Number(r.lat),
      lon: r.lon === null ? null : Number(r.lon),
      support_count: r.support_count,
      title: r.title,
      description: r.description,
    },
  });
}

/**
 * The GeoJSON's head: what the file is and its licence, before the features (README, "Open data").
 * In a foreign member, `metadata`: RFC 7946 §7.1 forbids `properties` on a FeatureCollection.
 */
function geoJsonHead(p: Publication, day: string): string {
  const licence = OPEN_DATA_LICENCES[p.licence];
  const head = JSON.stringify({
    type: 'FeatureCollection',
    name: `segnalazioni-${p.slug}`,
    metadata: {
      title: `Segnalazioni dei cittadini — ${p.name}`,
      publisher: p.name,
      day,
      licence: p.licence,
      licence_url: licence.url,
      licence_name: licence.name.it,
      attribution: p.name,
    },
  });
  return `${head.slice(0, -1)},"features":[\n`;
}

async function buildEdition(tx: Tx, p: Publication, day: string): Promise<void> {
  const at = (format: OpenDataFormat) => new FileWriter(tx, { municipalityId: p.municipalityId, day, format });
  const csv = at('csv');
  const geojson = at('geojson');
  await tx`
    INSERT INTO open_data_snapshot (municipality_id, day, row_count, etags, byte_sizes)
    VALUES (${p.municipalityId}, ${day}, 0, '{}', '{}')`;
  // The words, the civic number or landmark (the reporter's own text) and the place: only what the
  // public may already read (selection.ts); never contact data, tracking codes or staff notes.
  await tx`
    DECLARE open_data_rows NO SCROLL CURSOR FOR
    SELECT r.reference, r.created_at, r.accepted_at, r.closed_at, r.status,
           c.name AS category, d.name AS office, s.name AS street,
           CASE WHEN r.published THEN r.civic END AS civic,
           round(r.location[1]::numeric, ${OPEN_DATA_DECIMALS})::text AS lat,
           round(r.location[0]::numeric, ${OPEN_DATA_DECIMALS})::text AS lon,
           r.support_count, ${openDataTitle(tx)} AS title, ${openDataDescription(tx)} AS description
    FROM report r
    JOIN category c ON c.id = r.category_id
    JOIN department d ON d.id = r.department_id
    LEFT JOIN street s ON s.id = r.street_id
    WHERE ${openDataScope(tx, p.municipalityId)}
    ORDER BY r.id`;
  csv.add('\uFEFF' + OPEN_DATA_COLUMNS.map(csvField).join(',') + '\r\n');
  geojson.add(geoJsonHead(p, day));
  let rowCount = 0;
  const fetchRows = () => tx<Row[]>`FETCH 5000 FROM open_data_rows`.execute();
  let next = fetchRows();
  for (;;) {
    const rows = await next;
    if (!rows.length) break;
    next = fetchRows();
    for (const r of rows) {
      csv.add(csvLine(r));
      geojson.add((rowCount ? ',\n' : '') + feature(r));
      rowCount++;
    }
    await csv.send();
    await geojson.send();
  }
  await tx`CLOSE open_data_rows`;
  geojson.add('\n]}\n');
  await csv.send(true);
  await geojson.send(true);
  const etags = { csv: csv.etag(), geojson: geojson.etag() };
  const byteSizes = { csv: csv.bytes, geojson: geojson.bytes, csv_gzip: csv.gzipBytes, geojson_gzip: geojson.gzipBytes };
  await tx`
    UPDATE open_data_snapshot SET row_count = ${rowCount}, etags = ${tx.json(etags)}, byte_sizes = ${tx.json(byteSizes)}, built_at = now()
    WHERE municipality_id = ${p.municipalityId} AND day = ${day}`;
  // Yesterday's edition stays a day longer, for a download that started before midnight.
  await tx`DELETE FROM open_data_snapshot WHERE municipality_id = ${p.municipalityId} AND day < ${day}::date - 1`;
}

/** The edition of a day, if built: what every download looks up first. */
export async function findEdition(sql: Sql | Tx, municipalityId: number, day: string): Promise<Edition | undefined> {
  const [e] = await sql<Edition[]>`
    SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.built_at AS "builtAt", s.row_count AS "rowCount",
           s.etags, s.byte_sizes AS "byteSizes",
           (SELECT jsonb_object_agg(format, n) FROM (
              SELECT format, count(*) AS n FROM open_data_part p
              WHERE p.municipality_id = s.municipality_id AND p.day = s.day GROUP BY format) f) AS parts
    FROM open_data_snapshot s WHERE s.municipality_id = ${municipalityId} AND s.day = ${day} AND s.etags <> '{}'`;
  return e;
}

/**
 * Builds the editions of a municipality and day that do not exist yet, once: concurrent calls of
 * this process share one build; other processes wait on the advisory lock and find it built.
 * Each build is logged, with its size and time.
 */
export function createEditions(o: { sql: Sql; logger: Logger }) {
  const building = new Map<string, Promise<Edition>>();

  async function build(p: Publication, day: string): Promise<Edition> {
    const started = Date.now();
    const built = await o.sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${OPEN_DATA_LOCK}, ${p.municipalityId})`;
      if (await findEdition(tx, p.municipalityId, day)) return false;
      await buildEdition(tx, p, day);
      return true;
    });
    const edition = (await findEdition(o.sql, p.municipalityId, day))!;
    if (built) o.logger.info('open data edition built', { municipality: p.slug, day: edition.day, rows: edition.rowCount, ms: Date.now() - started });
    return edition;
  }

  return {
    /** The edition of `day`, built now if it is missing. */
    async edition(p: Publication, day: string): Promise<Edition> {
      const found = await findEdition(o.sql, p.municipalityId, day);
      if (found) return found;
      const key = `${p.municipalityId}/${day}`;
      let pending = building.get(key);
      if (!pending) {
        pending = build(p, day).finally(() => building.delete(key));
        building.set(key, pending);
      }
      return pending;
    },
  };
}

export type Editions = ReturnType<typeof createEditions>;

/**
 * The bytes of one file of an edition, part after part, read as the client takes them: gzipped as
 * stored, or unzipped on the way for a client that does not take gzip.
 */
export function editionStream(sql: Sql, municipalityId: number, e: Edition, format: OpenDataFormat, gzip: boolean): ReadableStream<Uint8Array> {
  const stored = storedParts(sql, municipalityId, e, format);
  if (gzip) return stored;
  return Readable.toWeb(Readable.fromWeb(stored as NodeReadableStream).pipe(createGunzip())) as ReadableStream<Uint8Array>;
}

function storedParts(sql: Sql, municipalityId: number, e: Edition, format: OpenDataFormat): ReadableStream<Uint8Array> {
  let seq = 0;
  const count = e.parts[format] ?? 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seq >= count) return controller.close();
      const [part] = await sql<{ body: Buffer }[]>`
        SELECT body FROM open_data_part
        WHERE municipality_id = ${municipalityId} AND day = ${e.day} AND format = ${format} AND seq = ${seq++}`;
      if (!part) return controller.error(new Error('open data edition removed while it was read'));
      controller.enqueue(new Uint8Array(part.body));
    },
  });
}

/** Forgets the municipality's editions: what they say of it (its name, licence, codes) changed. */
export async function dropEditions(sql: Sql | Tx, municipalityId: number) {
  await sql`DELETE FROM open_data_snapshot WHERE municipality_id = ${municipalityId}`;
}
