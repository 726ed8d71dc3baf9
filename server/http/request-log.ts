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
    const path = c.req.path.replace(/\/track\/[^/]+/, '/track/***');
    logger.info('request', {
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
