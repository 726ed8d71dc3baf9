import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_PHOTOS, MAX_PHOTO_BYTES, TEXT_MAX } from '../domain/formats.ts';
import { ApiError } from '../http/errors.ts';
import { rateLimits } from '../http/limits.ts';
import { MalformedMultipart, readMultipartForm } from '../http/multipart.ts';
import { text } from '../http/schemas.ts';
import { fieldErrors, invalidRequest } from '../http/validate.ts';
import { type CitizenProof, addCitizenMessage, citizenReplyContext } from '../services/citizen-messages.ts';
import { invalidLink } from '../services/signed-links.ts';
import { normalizeTrackingCode } from '../services/tracking-code.ts';
import { filingBodyLimit, processPhotos } from './filing.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * The citizen adds information to their report (README "HTTP API"):
 * `POST /track/{code}/messages` with the tracking code, and `GET`/`POST /citizen-replies/{token}`
 * with the link of the office's question. The body is JSON `{ "message": "…" }`, or
 * multipart/form-data with the same text in `message` and up to three `photos` (the filing's rules).
 */

export const CitizenMessageSchema = z.object({ message: text(1, TEXT_MAX.details) });
export type CitizenMessageInput = z.output<typeof CitizenMessageSchema>;

/** The message and its photos, checked before any photo is decoded. */
async function readMessage(req: Request): Promise<{ input: CitizenMessageInput; files: File[] }> {
  const type = req.headers.get('Content-Type') ?? '';
  let raw: unknown;
  let files: File[] = [];
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await readMultipartForm(req, { maxParts: 10, maxHeaderBytes: 2048 });
    } catch (err) {
      if (err instanceof MalformedMultipart) throw invalidRequest([{ field: '(body)', message: 'malformed multipart/form-data' }]);
      throw err;
    }
    const message = form.get('message');
    if (typeof message !== 'string') throw invalidRequest([{ field: 'message', message: 'the message is missing' }]);
    raw = { message };
    const all = form.getAll('photos');
    if (all.some((f) => typeof f === 'string')) throw invalidRequest([{ field: 'photos', message: 'must be files' }]);
    files = all as File[];
    if (files.length > MAX_PHOTOS) throw invalidRequest([{ field: 'photos', message: `at most ${MAX_PHOTOS} photos` }]);
  } else if (/^application\/json/i.test(type)) {
    try {
      raw = JSON.parse(await req.text());
    } catch {
      throw invalidRequest([{ field: '(body)', message: 'malformed JSON' }]);
    }
  } else {
    throw new ApiError(415, 'unsupported_media_type', 'Send the message as application/json or multipart/form-data');
  }
  const parsed = CitizenMessageSchema.safeParse(raw);
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

const invalidCode = () =>
  new ApiError(400, 'invalid_request', 'A tracking code has 10 letters and digits, like 7KQ2-M9XH-4T', {
    fields: [{ field: 'trackingCode', message: 'must be 10 letters and digits' }],
  });

/** A token as a link carries it: base64url and one dot, never longer than a URL allows. */
const tokenOf = (raw: string) => {
  if (!/^[A-Za-z0-9_-]{1,1800}\.[A-Za-z0-9_-]{1,100}$/.test(raw)) throw invalidLink();
  return raw;
};

function messageRoutes(deps: Deps, proofOf: (param: string) => CitizenProof) {
  const { sql, secretKey } = deps;
  return async (c: import('hono').Context<MunicipalityEnv>) => {
    const proof = proofOf(c.req.param('key') ?? '');
    const { input, files } = await readMessage(c.req.raw);
    const photos = await processPhotos(files);
    const result = await addCitizenMessage(sql, secretKey, c.var.municipality, proof, input.message, photos);
    c.header('Cache-Control', 'private, no-store');
    return c.json(result, 201);
  };
}

/** `POST /track/{code}/messages`: the reporter, by tracking code. */
export function citizenTrackRoutes(deps: Deps) {
  const limit = rateLimits(deps).citizenMessage;
  return new Hono<MunicipalityEnv>().post(
    '/:key/messages',
    limit,
    filingBodyLimit,
    messageRoutes(deps, (key) => {
      const code = normalizeTrackingCode(key);
      if (!code) throw invalidCode();
      return { code };
    }),
  );
}

/** `GET /citizen-replies/{token}` (the office's question) and `POST …/messages` (the answer). */
export function citizenReplyRoutes(deps: Deps) {
  const { sql, secretKey } = deps;
  const limits = rateLimits(deps);
  return new Hono<MunicipalityEnv>()
    .get('/:key', limits.track, async (c) => {
      const context = await citizenReplyContext(sql, secretKey, c.var.municipality, tokenOf(c.req.param('key')));
      c.header('Cache-Control', 'private, no-store');
      return c.json(context);
    })
    .post('/:key/messages', limits.citizenMessage, filingBodyLimit, messageRoutes(deps, (key) => ({ token: tokenOf(key) })));
}
