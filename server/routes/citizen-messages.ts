import { Hono } from 'hono';
import { z } from 'zod';
import { TEXT_MAX } from '../domain/formats.ts';
import { rateLimits } from '../http/limits.ts';
import { text } from '../http/schemas.ts';
import { invalidRequest } from '../http/validate.ts';
import { type CitizenProof, addCitizenMessage, citizenReplyContext } from '../services/citizen-messages.ts';
import { invalidLink } from '../services/signed-links.ts';
import { filingBodyLimit, processPhotos, readBodyWithPhotos } from './filing.ts';
import { trackingCodeParam } from './track.ts';
import type { Deps, MunicipalityEnv } from './types.ts';

/**
 * The citizen adds information to their report (README "HTTP API"):
 * `POST /track/{code}/messages` with the tracking code, and `GET`/`POST /citizen-replies/{token}`
 * with the link of the office's question. The body is JSON `{ "message": "…" }`, or
 * multipart/form-data with the same text in `message` and up to three `photos` (the filing's rules).
 */

export const CitizenMessageSchema = z.object({ message: text(1, TEXT_MAX.details) });
export type CitizenMessageInput = z.output<typeof CitizenMessageSchema>;

/** The message and its photos (JSON, or a form with `message` and `photos`), checked before any photo is decoded. */
function readMessage(req: Request) {
  return readBodyWithPhotos(req, CitizenMessageSchema, 'message', (form) => {
    const message = form.get('message');
    if (typeof message !== 'string') throw invalidRequest([{ field: 'message', message: 'the message is missing' }]);
    return { message };
  });
}

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
    messageRoutes(deps, (key) => ({ code: trackingCodeParam(key) })),
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
