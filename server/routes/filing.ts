import { createHmac } from 'node:crypto';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { MalformedMultipart, type MultipartLimits, readMultipartForm } from '../http/multipart.ts';
import { AnswersInput } from '../domain/category-questions.ts';
import { LatLonSchema, id, optionalEmail, optionalText, text } from '../http/schemas.ts';
import { fieldErrors, invalidRequest } from '../http/validate.ts';
import { MAX_PHOTOS, MAX_PHOTO_BYTES, PHONE_FORMAT, TEXT_MAX, TITLE_MIN } from '../domain/formats.ts';
import { type ProcessedPhoto, processPhoto } from '../services/photos.ts';

/** How a citizen's filing arrives (JSON or multipart with photos), read and checked before anything is written. */

/**
 * What a report says, however it is filed: by the citizen here, or by staff on a citizen's behalf
 * (routes/admin-filing.ts), so that both are checked alike.
 */
export const reportFields = {
  categoryId: id,
  title: text(TITLE_MIN, TEXT_MAX.title),
  details: text(1, TEXT_MAX.details),
  streetId: id.optional(),
  civic: optionalText(TEXT_MAX.civic),
  location: LatLonSchema.optional(),
  /** Answers to the category's questions, by question id (issue 15 §4; services/report-filing.ts checks them). */
  answers: AnswersInput.optional(),
  contact: z
    .object({
      name: optionalText(TEXT_MAX.name),
      email: optionalEmail,
      phone: z.preprocess(
        (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
        z
          .string()
          .trim()
          .regex(PHONE_FORMAT, 'must be a phone number')
          .optional(),
      ),
    })
    .optional(),
};

/** A report is placed by a street of the list or a point on the map (or both). */
export const placeGiven: [(r: { streetId?: number; location?: unknown }) => boolean, { message: string; path: string[] }] = [
  (r) => r.streetId !== undefined || r.location !== undefined,
  { message: 'give a street from the list or a point on the map', path: ['streetId'] },
];

export const NewReportSchema = z
  .object({
    ...reportFields,
    privacyAccepted: z.literal(true, 'the privacy notice must be accepted'),
    /** The widget's spam-check fields (services/spam-check.ts); API clients of a municipality with checks off may omit them. */
    antiSpam: z
      .object({
        token: z.string().max(1000).optional(),
        website: z.string().max(1000).optional(),
        altcha: z.string().max(10_000).optional(),
      })
      .optional(),
  })
  .refine(...placeGiven);

export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{8,200}$/, 'must be 8 to 200 visible ASCII characters')
  .optional();

/**
 * The Idempotency-Key as stored: the client's key made its own by its address (keyed with the
 * server's secret). A key copied from the README, or seen by someone else, then replays nothing
 * of another filer's: the same key and body from another address file a new report, and never
 * answer with the first filer's tracking code or say that the key exists. A retry from the same
 * address finds its report, as before.
 */
export function scopedIdempotencyKey(secretKey: Buffer, clientAddress: string, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  return createHmac('sha256', secretKey).update('segnala:idempotency-key:').update(clientAddress).update('\0').update(key).digest('base64url');
}

/** JSON filings are small; with photos, three of at most 10 MB each and the form around them. */
const MULTIPART_BODY_LIMIT = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;
const multipartBodyLimit = bodyLimit({
  maxSize: MULTIPART_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `At most ${MAX_PHOTOS} photos of ${MAX_PHOTO_BYTES / 1024 / 1024} MB each`);
  },
});
/** A form has one text field and up to three `photos`: room for a few more parts, not for thousands. */
const PHOTO_FORM_LIMITS: MultipartLimits = { maxParts: 10, maxHeaderBytes: 2048 };

export const filingBodyLimit = createMiddleware((c, next) =>
  /^multipart\//i.test(c.req.header('Content-Type') ?? '') ? multipartBodyLimit(c, next) : jsonBodyLimit(c, next),
);

/**
 * A body that may bring photos: JSON, or multipart/form-data whose text field `fromForm` reads and
 * up to three `photos` files. Either way `schema` checks it, and the photos are counted and sized,
 * before any photo is decoded; nothing is written until all of it is good. `what` names the body
 * in the 415 answer.
 */
export async function readBodyWithPhotos<S extends z.ZodType>(
  req: Request,
  schema: S,
  what: string,
  fromForm: (form: FormData) => unknown,
): Promise<{ input: z.output<S>; files: File[] }> {
  const type = req.headers.get('Content-Type') ?? '';
  let raw: unknown;
  let files: File[] = [];
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await readMultipartForm(req, PHOTO_FORM_LIMITS);
    } catch (err) {
      if (err instanceof MalformedMultipart) throw invalidRequest([{ field: '(body)', message: 'malformed multipart/form-data' }]);
      throw err;
    }
    raw = fromForm(form);
    const all = form.getAll('photos');
    if (all.some((f) => typeof f === 'string')) throw invalidRequest([{ field: 'photos', message: 'must be files' }]);
    files = all as File[];
    if (files.length > MAX_PHOTOS) throw invalidRequest([{ field: 'photos', message: `at most ${MAX_PHOTOS} photos` }]);
  } else if (/^application\/json/i.test(type)) {
    raw = parseJson(await req.text(), '(body)');
  } else {
    throw new ApiError(415, 'unsupported_media_type', `Send the ${what} as application/json or multipart/form-data`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidRequest(fieldErrors(parsed.error));
  for (const [i, file] of files.entries()) {
    if (file.size > MAX_PHOTO_BYTES) {
      throw new ApiError(413, 'payload_too_large', `photos.${i}: a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, {
        fields: [{ field: `photos.${i}`, message: 'too large' }],
      });
    }
  }
  return { input: parsed.data, files };
}

/**
 * A filing is JSON, or multipart/form-data with the same JSON in a `report` field and up to three
 * `photos` files (README, "HTTP API", `POST /reports`).
 */
export function readFiling(req: Request) {
  return readBodyWithPhotos(req, NewReportSchema, 'report', (form) => {
    const report = form.get('report');
    if (typeof report !== 'string') throw invalidRequest([{ field: 'report', message: 'the report JSON is missing' }]);
    return parseJson(report, 'report');
  });
}

export async function processPhotos(files: File[]): Promise<ProcessedPhoto[]> {
  const photos: ProcessedPhoto[] = [];
  for (const [i, file] of files.entries()) photos.push(await processPhoto(Buffer.from(await file.arrayBuffer()), `photos.${i}`));
  return photos;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest([{ field, message: 'malformed JSON' }]);
  }
}
