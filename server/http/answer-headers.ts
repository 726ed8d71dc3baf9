import type { Context } from 'hono';

/**
 * Sets a header on the answer a handler has already returned (in a middleware, after `next()`).
 * `c.header()` at that point makes Hono copy the answer into a new Response, and reading the old
 * one's body turns @hono/node-server's ready string into a stream that it then has to read back:
 * for the list by bbox that was a fifth of the server's CPU time (BENCHMARKS.md). The answer's
 * own headers can be changed in place.
 */
export function setOnAnswer(c: Context, name: string, value: string): void {
  c.res.headers.set(name, value);
}
