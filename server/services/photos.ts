import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Sql, Tx } from '../db/connect.ts';
import { ApiError } from '../http/errors.ts';
import { invalidRequest } from '../http/validate.ts';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** The longest side of a stored photo, and of its thumbnail. */
const LONGEST_SIDE = 1600;
const THUMBNAIL_SIDE = 320;
/** Refuse decompression bombs: a 10 MB file may claim a gigapixel image. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Formats accepted, told by the content (sharp reads the bytes), never by name or header. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif']);

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
 * thumbnail. Anything that is not an accepted image is refused naming the field.
 */
export async function processPhoto(bytes: Buffer, field: string): Promise<ProcessedPhoto> {
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new ApiError(413, 'payload_too_large', `${field}: a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, {
      fields: [{ field, message: 'too large' }],
    });
  }
  const notAnImage = () => invalidRequest([{ field, message: 'must be a JPEG, PNG or WebP image' }]);
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw notAnImage();
  }
  if (!format || !ACCEPTED.has(format)) throw notAnImage();
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const { data, info } = await image
      .clone()
      .resize(LONGEST_SIDE, LONGEST_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await image
      .clone()
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { data, thumbnail, width: info.width, height: info.height, sourceHash: createHash('sha256').update(bytes).digest('hex') };
  } catch {
    // A truncated or corrupt file that passed the header check.
    throw invalidRequest([{ field, message: 'the image could not be read' }]);
  }
}

export async function insertPhotos(tx: Tx, municipalityId: number, reportId: string, photos: ProcessedPhoto[]) {
  for (const [position, p] of photos.entries()) {
    await tx`
      INSERT INTO photo (municipality_id, report_id, public_id, position, data, width, height, thumbnail)
      VALUES (${municipalityId}, ${reportId}, ${randomBytes(12).toString('base64url')}, ${position}, ${p.data},
              ${p.width}, ${p.height}, ${p.thumbnail})`;
  }
}

export interface PhotoRef {
  id: string;
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  hidden?: boolean;
}

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
