/**
 * The HTTP contract as the server declares it. Every answer the widget and the console read is
 * typed from the server's routes (`AppType`, server/app.ts) through Hono's client types, and every
 * body they send from the server's schemas: renaming a field on the server makes
 * `npm run typecheck` fail where the browser reads it. Type-only: nothing here reaches the bundle
 * (the clients in api.ts and admin/admin-api.ts stay plain `fetch`, and XMLHttpRequest for an
 * upload with progress).
 */
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { AppType } from '../server/app.ts';

type Client = ReturnType<typeof hc<AppType>>;

/** The public API of one municipality, `/api/v1/{municipality}/…`. */
export type PublicRoutes = Client['api']['v1'][':municipality'];

/** The staff API, `/api/v1/{municipality}/admin/…`. */
export type StaffRoutes = PublicRoutes['admin'];

/** What an endpoint answers when it succeeds (failures are thrown as `ApiError`). */
export type Answer<Endpoint> = InferResponseType<Endpoint>;

/** The JSON body an endpoint validates. */
export type JsonBody<Endpoint> = InferRequestType<Endpoint> extends { json: infer Body } ? Body : never;

/** The query an endpoint validates (values as the URL carries them: strings). */
export type QueryOf<Endpoint> = InferRequestType<Endpoint> extends { query: infer Query } ? Query : never;

/**
 * Filters as a view holds them (a number as a number, a flag as a boolean), limited to the names
 * the endpoint's query takes: a filter the server renamed or dropped fails the typecheck.
 */
export type FiltersOf<Query, Held extends { [K in keyof Held]: K extends keyof Query ? unknown : never }> = Held;
