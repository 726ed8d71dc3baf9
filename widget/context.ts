import { LINK_PURPOSES, type LinkPurpose } from '../server/domain/link-purposes.ts';
import type { Config, SegnalaApi, Street } from './api.ts';
import type { Translator } from './i18n.ts';
import type { SupporterStore } from './supporter.ts';

/** Where the widget is; mirrored in the URL hash (`#segnala/…`). */
export type Route =
  | { view: 'map' }
  | { view: 'report'; reference: string }
  /** `street` preselects the place (from a street's page); the URL keeps only the view. */
  | { view: 'new'; street?: Street }
  /** `code` prefills the tracking form; it never goes into the URL (it is the reporter's secret). */
  | { view: 'track'; code?: string }
  | { view: 'streets'; streetId?: number }
  /** The public statistics (where the municipality publishes open data). */
  | { view: 'stats' }
  /**
   * A link from an e-mail (server/services/signed-links.ts): `#segnala/link/<purpose>/<token>`. The
   * token, signed by the server, is what lets the citizen act; the page asks before acting.
   */
  | { view: 'link'; purpose: LinkPurpose; token: string };

export type { LinkPurpose };

/**
 * What every view needs, handed down by `<segnala-widget>` as one property. A new object is made
 * whenever something in it changes (the language, say), so views re-render.
 */
export interface WidgetContext {
  api: SegnalaApi;
  config: Config;
  i18n: Translator;
  supporters: SupporterStore;
  tileUrl: string;
  tileAttribution: string;
  /** The street the element is fixed to (`street="…"`), if any. */
  fixedStreet?: Street;
  /** The category preselected by the host page (`category="…"`), if any. */
  presetCategory?: number;
  /** Says something to screen readers through the widget's live region. */
  announce(message: string): void;
  navigate(route: Route): void;
}

export function routeToHash(route: Route): string {
  switch (route.view) {
    case 'report':
      return `#segnala/report/${encodeURIComponent(route.reference)}`;
    case 'streets':
      return route.streetId ? `#segnala/streets/${route.streetId}` : '#segnala/streets';
    case 'link':
      return `#segnala/link/${route.purpose}/${route.token}`;
    default:
      return `#segnala/${route.view}`;
  }
}

/** A hash this widget wrote; anything else (the host page's own anchors) → undefined. */
export function hashToRoute(hash: string): Route | undefined {
  const m = /^#segnala\/([a-z]+)(?:\/(.+))?$/.exec(hash);
  if (!m) return undefined;
  const [, view, arg] = m;
  if (view === 'report' && arg) return { view: 'report', reference: decodeURIComponent(arg) };
  if (view === 'streets') {
    const id = Number(arg);
    return Number.isInteger(id) && id > 0 ? { view: 'streets', streetId: id } : { view: 'streets' };
  }
  if (view === 'map' || view === 'list') return { view: 'map' };
  if (view === 'new') return { view };
  if (view === 'track' || view === 'stats') return { view };
  if (view === 'link' && arg) {
    const link = /^([a-z_]+)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(arg);
    const purpose = LINK_PURPOSES.find((p) => p === link?.[1]);
    if (link && purpose) return { view: 'link', purpose, token: link[2] };
  }
  return undefined;
}
