import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';

/**
 * One log line per request: method, route pattern, status, duration. Never the query string or
 * body (free text, e-mails), and the tracking code in a /track/ path is masked: it is a secret.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // The token of a citizen_reply link (routes/citizen-messages.ts) is a key to the report too.
    const path = c.req.path.replace(/\/track\/[^/]+/, '/track/***').replace(/\/citizen-replies\/[^/]+/, '/citizen-replies/***');
    logger.info('request', {
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
