import { z } from 'zod';
import { createHash, randomBytes } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';
import { createWorkQueue } from './work-queue.ts';

import { MAX_PHOTO_BYTES } from '../domain/formats.ts';
/** The longest side of a stored photo, and of its thumbnail. */
const LONGEST_SIDE = 1600;
const THUMBNAIL_SIDE = 320;
/**
 * What a photo may decode to. A 10 MB file may claim a gigapixel image (a few kilobytes of PNG
 * make 7000 × 7000 16-bit pixels, 294 MB once decoded), so the size is read from the header and
 * judged before anything is decoded: at most 40 megapixels (a phone's full-resolution photo is
 * 12–24; a 48–50 MP one rarely fits in 10 MB), at most 128 MB decoded (16-bit colour and an alpha
 * channel count), no side longer than 16 384 px (WebP's own limit; panoramas fit).
 */
const MAX_MEGAPIXELS = 40;
const MAX_INPUT_PIXELS = MAX_MEGAPIXELS * 1_000_000;
const MAX_DECODED_BYTES = 128 * 1024 * 1024;
const MAX_SIDE = 16_384;
/** libvips stops a photo that is still being worked on after this long (a crafted progressive JPEG can take minutes). */
const PROCESSING_SECONDS = 20;
/** Formats accepted, told by the content (sharp reads the bytes), never by name or header. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif']);
const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, double: 8, complex: 8, dpcomplex: 16 };

// Each photo is read once and thrown away: libvips' cache of recent operations would only keep
// decoded images in memory for nothing.
sharp.cache(false);

/**
 * Photos are decoded at most two at a time per process, whoever sends them (every photo goes
 * through processPhoto), so memory stays bounded: six 40-megapixel photos filed at once wait their
 * turn instead of decoding together. A photo that would wait more than 15 s, or finds 8 already
 * waiting, is answered 503 with Retry-After: the client tries again later instead of the server
 * piling uploads up in memory (a waiting filing holds its upload, up to 31 MB: eight of them at
 * most). libvips' own threads (sharp.concurrency(), one per core by default) work on each photo.
 */
export const photoQueue = createWorkQueue(
  { concurrency: 2, maxWaiting: 8, maxWaitMs: 15_000, retryAfterSeconds: 10 },
  'The server is busy with other photos: please send the report again in a few seconds',
);

export interface ProcessedPhoto {
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
  /** Of the original bytes: part of the filing's idempotency fingerprint. */
  sourceHash: string;
}

/**
 * Re-encodes a citizen's photo: orientation applied, longest side at most 1600 px, every piece of
 * metadata dropped (EXIF, GPS position, camera serial: sharp writes none unless asked), plus a
 * thumbnail. Anything that is not an accepted image, or too large to decode, is refused naming the
 * field, before any decoding.
 */
export async function processPhoto(bytes: Buffer, field: string): Promise<ProcessedPhoto> {
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new ApiError(413, 'payload_too_large', `${field}: a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, {
      fields: [{ field, message: 'too large' }],
    });
  }
  return photoQueue.run(async () => {
    const refuse = (message: string) => invalidRequest([{ field, message }]);
    const options = { limitInputPixels: MAX_INPUT_PIXELS };
    let meta: Metadata;
    try {
      // The header only: nothing is decoded yet.
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw refuse('must be a JPEG, PNG or WebP image');
    }
    if (!meta.format || !ACCEPTED.has(meta.format) || !meta.width || !meta.height) throw refuse('must be a JPEG, PNG or WebP image');
    const size = `${meta.width} × ${meta.height}`;
    if (meta.width > MAX_SIDE || meta.height > MAX_SIDE) throw refuse(`too large: at most ${MAX_SIDE} pixels a side (this one is ${size})`);
    if (meta.width * meta.height > MAX_INPUT_PIXELS) throw refuse(`too large: at most ${MAX_MEGAPIXELS} megapixels (this one is ${size})`);
    const decoded = meta.width * meta.height * (meta.channels ?? 4) * (BYTES_PER_SAMPLE[meta.depth ?? ''] ?? 8);
    if (decoded > MAX_DECODED_BYTES) {
      throw refuse(`too large to process: ${size} pixels in ${meta.depth === 'uchar' ? '8' : 'more than 8'}-bit colour; send it as an ordinary JPEG`);
    }
    try {
      const { data, info } = await sharp(bytes, options)
        .timeout({ seconds: PROCESSING_SECONDS })
        .rotate()
        .resize(LONGEST_SIDE, LONGEST_SIDE, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      // From the small copy just made, not from the original: the large image is decoded once.
      const thumbnail = await sharp(data)
        .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 75, mozjpeg: true })
        .toBuffer();
      return { data, thumbnail, width: info.width, height: info.height, sourceHash: createHash('sha256').update(bytes).digest('hex') };
    } catch (err) {
      if (/timeout/i.test(String((err as Error).message))) throw refuse('took too long to process: send it as an ordinary JPEG');
      // A truncated or corrupt file that passed the header check.
      throw refuse('the image could not be read');
    }
  });
}

export async function insertPhotos(tx: Tx, municipalityId: number, reportId: string, photos: ProcessedPhoto[]) {
  for (const [position, p] of photos.entries()) {
    await tx`
      INSERT INTO photo (municipality_id, report_id, public_id, position, data, width, height, thumbnail)
      VALUES (${municipalityId}, ${reportId}, ${randomBytes(12).toString('base64url')}, ${position}, ${p.data},
              ${p.width}, ${p.height}, ${p.thumbnail})`;
  }
}

export const PhotoRef = z.object({
  id: z.string(),
  url: z.string(),
  thumbnailUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  hidden: z.boolean().optional(),
});
export type PhotoRef = z.infer<typeof PhotoRef>;

/** The photos a report shows: to the public without the hidden ones, to staff all, marked. */
export async function photosOf(sql: Sql, slug: string, reportId: string, forStaff: boolean): Promise<PhotoRef[]> {
  const rows = await sql<{ public_id: string; width: number; height: number; hidden: boolean }[]>`
    SELECT public_id, width, height, hidden FROM photo
    WHERE report_id = ${reportId} ${forStaff ? sql`` : sql`AND NOT hidden`}
    ORDER BY position`;
  const base = forStaff ? `/api/v1/${slug}/admin/photos` : `/api/v1/${slug}/photos`;
  return rows.map((r) => ({
    id: r.public_id,
    url: `${base}/${r.public_id}`,
    thumbnailUrl: `${base}/${r.public_id}/thumbnail`,
    width: r.width,
    height: r.height,
    ...(forStaff ? { hidden: r.hidden } : {}),
  }));
}

/** A photo's bytes for the public: not hidden, and its report public. */
export async function publicPhoto(sql: Sql, municipalityId: number, publicId: string, thumbnail: boolean): Promise<Buffer | undefined> {
  const [row] = await sql<{ bytes: Buffer }[]>`
    SELECT ${thumbnail ? sql`p.thumbnail` : sql`p.data`} AS bytes
    FROM photo p JOIN report r ON r.id = p.report_id
    WHERE p.municipality_id = ${municipalityId} AND p.public_id = ${publicId}
      AND NOT p.hidden AND r.published AND r.status <> 'hidden'`;
  return row?.bytes;
}

/** A photo's bytes for staff of the municipality: hidden ones included. */
export async function staffPhoto(sql: Sql, municipalityId: number, publicId: string, thumbnail: boolean) {
  const [row] = await sql<{ bytes: Buffer; department_id: number }[]>`
    SELECT ${thumbnail ? sql`p.thumbnail` : sql`p.data`} AS bytes, r.department_id
    FROM photo p JOIN report r ON r.id = p.report_id
    WHERE p.municipality_id = ${municipalityId} AND p.public_id = ${publicId}`;
  return row;
}
