import type { Config } from '../api.ts';
import type { WidgetContext } from '../context.ts';
import type { AdminApi, Catalog, StaffUser } from './admin-api.ts';
import type { AdminTranslator } from './admin-i18n.ts';

/** Where the console is; mirrored in the URL hash (`#segnala-admin/…`). */
export type AdminRoute =
  | { view: 'queue' }
  | { view: 'report'; reference: string }
  | { view: 'stats' }
  | { view: 'planning' }
  | { view: 'mail' }
  | { view: 'account' }
  /** A report taken by phone, e-mail or at the front desk, filed for the citizen (issue 15 §3). */
  | { view: 'new' }
  | { view: 'settings' }
  /** The page of a mailed link to set a new password, shown before any login (views/password-reset-view.ts). */
  | { view: 'reset'; token: string };

/**
 * What every view of the console needs, handed down by `<segnala-admin>` as one property; a new
 * object whenever something in it changes (language, user), so views re-render.
 */
export interface AdminContext {
  api: AdminApi;
  /** The municipality's public config: map, active categories, offices. */
  config: Config;
  /** Every office and category, retired categories included: names of old reports, filters. */
  catalog: Catalog;
  user: StaffUser;
  i18n: AdminTranslator;
  /** For the pieces shared with the citizen widget: map, street picker, status badges. */
  widget: WidgetContext;
  /** Says something to screen readers through the console's live region. */
  announce(message: string): void;
  navigate(route: AdminRoute): void;
}

export const isAdmin = (ctx: AdminContext) => ctx.user.role === 'admin';

/** The offices this user works for: all of them for an admin. */
export function ownDepartments(ctx: AdminContext) {
  const all = ctx.catalog.departments;
  return isAdmin(ctx) ? all : all.filter((d) => ctx.user.departmentIds.includes(d.id));
}

/** A category's name, retired ones marked (`Buche (non più in uso)`); undefined if unknown. */
export function categoryName(ctx: AdminContext, id: number | undefined): string | undefined {
  const c = ctx.catalog.categories.find((x) => x.id === id);
  if (!c) return undefined;
  return c.active ? c.name : ctx.i18n.t('catalog.retired', { name: c.name });
}

export function departmentName(ctx: AdminContext, id: number | undefined): string | undefined {
  return ctx.catalog.departments.find((d) => d.id === id)?.name;
}

export function routeToHash(route: AdminRoute): string {
  if (route.view === 'reset') return `#segnala-admin/reset/${encodeURIComponent(route.token)}`;
  return route.view === 'report' ? `#segnala-admin/report/${encodeURIComponent(route.reference)}` : `#segnala-admin/${route.view}`;
}

/** A hash this console wrote; anything else → undefined. */
export function hashToRoute(hash: string): AdminRoute | undefined {
  const m = /^#segnala-admin\/([a-z]+)(?:\/(.+))?$/.exec(hash);
  if (!m) return undefined;
  const [, view, arg] = m;
  if (view === 'report' && arg) return { view: 'report', reference: decodeURIComponent(arg) };
  if (view === 'reset' && arg) return { view: 'reset', token: decodeURIComponent(arg) };
  if (view === 'queue' || view === 'stats' || view === 'planning' || view === 'mail' || view === 'account' || view === 'new' || view === 'settings') return { view };
  return undefined;
}
