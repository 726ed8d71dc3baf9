import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';

declare const encodes: unique symbol;

/**
 * JSON already written out, and what it encodes. Some answers are serialised before the route
 * sees them — by PostgreSQL (the public list, services/report-list.ts) or into a cache of answers
 * (http/response-cache.ts) — and a plain string would lose their shape for the typed client
 * (`AppType`): the route answers such a text with `answerJson` and keeps its type.
 */
export type JsonText<T> = string & { readonly [encodes]: T };

/** `value` serialised, remembering its shape. */
export function toJsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** A 200 answer with a body already serialised: to clients, the same as `c.json(value)`. */
export function answerJson<T>(c: Context, body: JsonText<T>): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  c.header('Content-Type', 'application/json; charset=UTF-8');
  // The one place a text is taken for what it encodes: JsonText is made only by toJsonText or by a
  // query that builds the same JSON (summaryJson, services/report-shapes.ts).
  return c.body(body, 200) as unknown as Response & TypedResponse<JSONParsed<T>, 200, 'json'>;
}
