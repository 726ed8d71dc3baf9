import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

/** Filing bodies are small JSON; photos (multipart) get their own limit. */
const JSON_BODY_LIMIT = 64 * 1024;

export const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `The request body is larger than ${JSON_BODY_LIMIT / 1024} KB`);
  },
});
