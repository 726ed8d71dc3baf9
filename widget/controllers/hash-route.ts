import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** `popstate` for back and forward over the entries `go()` pushed; `hashchange` for a link or a typed URL. */
const URL_EVENTS = ['hashchange', 'popstate'];

export interface HashRouteOptions<R> {
  toHash(route: R): string;
  /** The route a hash names; undefined for a hash that is not ours (the host page's own anchors). */
  fromHash(hash: string): R | undefined;
  /** Where the root starts when the URL names none of its routes. */
  home(): R;
  /** The route changed by the URL (back, forward, a typed link) or by `go()`. */
  moved?(route: R): void;
}

/**
 * A root element's place, mirrored in `location.hash` so that the browser's back and forward buttons
 * and a shared link work in a page the root does not own. Reads the hash when the host first asks (in
 * its first update, once its attributes are known), follows `hashchange`/`popstate`, and writes with
 * `pushState`, which fires neither: the root already knows where it went.
 */
export class HashRouteController<R> implements ReactiveController {
  private current?: R;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: HashRouteOptions<R>,
  ) {
    host.addController(this);
  }

  get route(): R {
    return (this.current ??= this.options.fromHash(location.hash) ?? this.options.home());
  }

  /** Changes the route without touching the URL (a route the user may not see, an attribute changed). */
  set route(route: R) {
    if (route === this.current) return;
    this.current = route;
    this.host.requestUpdate();
  }

  /** Goes to a route as a link does: a new entry in the browser's history. */
  go(route: R) {
    const hash = this.options.toHash(route);
    if (location.hash !== hash) history.pushState(history.state, '', hash);
    this.route = route;
    this.options.moved?.(route);
  }

  hostConnected() {
    for (const type of URL_EVENTS) window.addEventListener(type, this.onUrlChange);
  }

  hostDisconnected() {
    for (const type of URL_EVENTS) window.removeEventListener(type, this.onUrlChange);
  }

  private readonly onUrlChange = () => {
    const { fromHash, toHash, moved } = this.options;
    const route = fromHash(location.hash);
    if (route && toHash(route) !== toHash(this.route)) {
      this.route = route;
      moved?.(route);
    }
  };
}
