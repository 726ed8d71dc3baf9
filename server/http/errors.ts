import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../log.ts';

/** The one error body every endpoint answers with: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * An error meant for the client: its status, a stable machine-readable code, a human message and,
 * for validation errors, the fields at fault.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** Errors from PostgreSQL that a client's input can cause, and what they mean for the client. */
function fromDatabaseError(err: unknown): ApiError | undefined {
  const code = (err as { code?: string }).code;
  // 22P02 invalid text representation, 22003 numeric out of range, 22007/22008 bad dates,
  // 22001 string too long, 22021 bad encoding (NUL), 54000 program limit (e.g. a huge index row): all bad input.
  if (code === '23505') return new ApiError(409, 'already_exists', 'An item with the same name or e-mail already exists');
  if (code && ['22P02', '22003', '22007', '22008', '22001', '22021', '54000'].includes(code)) {
    return new ApiError(400, 'invalid_request', 'A value in the request is not acceptable');
  }
  return undefined;
}

export function errorHandler(logger: Logger) {
  const handle = (err: Error, c: Context): Response => {
    if (err instanceof ApiError) {
      const retryAfter = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter && (err.status === 429 || err.status === 503)) c.header('Retry-After', String(retryAfter));
      return c.json<ErrorBody>(
        { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } },
        err.status,
      );
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 413 ? 'payload_too_large' : status < 500 ? 'invalid_request' : 'server_error';
      return c.json<ErrorBody>({ error: { code, message: err.message || 'Request not acceptable' } }, status);
    }
    const clientError = fromDatabaseError(err);
    if (clientError) return handle(clientError, c);
    if (isDatabaseUnavailable(err)) {
      logger.error('database unavailable', { route: c.req.routePath, error: String((err as Error).message) });
      c.header('Retry-After', '5');
      return c.json<ErrorBody>({ error: { code: 'unavailable', message: 'The service is temporarily unavailable' } }, 503);
    }
    logger.error('unexpected error', { route: c.req.routePath, error: err.stack ?? String(err) });
    return c.json<ErrorBody>({ error: { code: 'server_error', message: 'Unexpected server error' } }, 500);
  };
  return handle;
}

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED' ||
    code === 'CONNECT_TIMEOUT' ||
    code === 'CONNECTION_DESTROYED' ||
    code === '57P01' // admin shutdown
  );
}
