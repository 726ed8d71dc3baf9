import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger, LogFields } from '../log.ts';
import { setOnAnswer } from './answer-headers.ts';
import { proxyHops, type TrustProxy } from './rate-limit.ts';

/** The request being answered, for the log lines written while answering it. */
const currentRequest = new AsyncLocalStorage<{ requestId: string }>();

/**
 * An id a proxy may hand us (nginx's $request_id is 32 hex digits, a UUID is 36): short and of
 * plain characters only, so that it can hold neither personal data (no '@', no spaces) nor
 * anything that would break a log line or a header.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Every line `logger` writes while a request is answered carries that request's id (the error
 * handler's, a route's warnings), so an operator can find all of one request's lines from the id
 * in the answer's X-Request-Id. Outside a request (background jobs) lines are unchanged.
 */
export function withRequestId(logger: Logger): Logger {
  const at = (write: (msg: string, fields?: LogFields) => void) => (msg: string, fields?: LogFields) => {
    const request = currentRequest.getStore();
    write(msg, request ? { requestId: request.requestId, ...fields } : fields);
  };
  return { debug: at(logger.debug), info: at(logger.info), warn: at(logger.warn), error: at(logger.error) };
}

/**
 * Gives each request an id, answered in X-Request-Id (README, "Request ids"), and writes one log
 * line per request: id, method, route pattern, status, duration. Never the query string or body
 * (free text, e-mails), and the tracking code in a /track/ path is masked: it is a secret.
 *
 * An incoming X-Request-Id is kept only behind a trusted proxy (TRUST_PROXY), which sets it (nginx:
 * `proxy_set_header X-Request-Id $request_id`), and only if it is well-formed; a client talking to
 * the server directly could otherwise write anything into the log.
 */
export function requestLog(logger: Logger, o: { trustProxy?: TrustProxy } = {}): MiddlewareHandler {
  const trusted = proxyHops(o.trustProxy) > 0;
  return async (c, next) => {
    const started = performance.now();
    const incoming = trusted ? c.req.header('X-Request-Id') : undefined;
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    await currentRequest.run({ requestId }, next);
    setOnAnswer(c, 'X-Request-Id', requestId);
    // The token of a citizen_reply link (routes/citizen-messages.ts) is a key to the report too.
    const path = c.req.path.replace(/\/track\/[^/]+/, '/track/***').replace(/\/citizen-replies\/[^/]+/, '/citizen-replies/***');
    logger.info('request', {
      requestId,
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
