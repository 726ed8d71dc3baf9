import { css, unsafeCSS } from 'lit';
import * as L from './map-leaflet.ts';
import leafletCss from 'leaflet/dist/leaflet.css?inline';
import type { ClusterAnswer, LatLon, ReportCluster, ReportSummary } from './api.ts';
import type { WidgetContext } from './context.ts';
import { statusLabel, statusSymbol, statusTone } from './status.ts';

export { L };

/** Leaflet's own CSS, adopted inside each shadow root that holds a map (it cannot reach in from the page). */
export const leafletStyles = unsafeCSS(leafletCss);

export const mapStyles = css`
  .map {
    height: var(--segnala-map-height, 420px);
    min-height: 240px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    z-index: 0;
    font-family: var(--_font);
  }
  .leaflet-container {
    font: inherit;
    font-size: 0.8rem;
  }
  .leaflet-container a {
    color: var(--_primary);
  }
  .segnala-marker,
  .segnala-cluster {
    background: none;
    border: none;
  }
  .pin {
    display: flex;
    align-items: center;
    justify-content: center;
    width: 28px;
    height: 28px;
    border-radius: 50% 50% 50% 0;
    transform: rotate(-45deg);
    border: 2px solid #fff;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.45);
    color: #fff;
    font-weight: 700;
    font-size: 15px;
  }
  .pin > span {
    transform: rotate(45deg);
    line-height: 1;
  }
  .tone-new {
    background: var(--_status-new);
  }
  .tone-open {
    background: var(--_status-open);
  }
  .tone-resolved {
    background: var(--_status-resolved);
  }
  .tone-closed {
    background: var(--_status-closed);
  }
  .tone-pick {
    background: var(--_danger);
    width: 34px;
    height: 34px;
  }
  .selected .pin {
    outline: 3px solid var(--_focus);
  }
  .cluster {
    display: flex;
    align-items: center;
    justify-content: center;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
    border: 3px solid rgba(255, 255, 255, 0.85);
    box-shadow: 0 0 0 4px color-mix(in srgb, var(--_primary) 35%, transparent);
    font-weight: 700;
    font-size: 14px;
  }
  .leaflet-marker-icon:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 50%;
  }
`;

const prefersReducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** A Leaflet map on `container`, centred on the municipality, resized with its element. */
export function createMap(container: HTMLElement, ctx: WidgetContext, label: string): { map: L.Map; dispose(): void } {
  const reduced = prefersReducedMotion();
  const { center, zoom, bounds } = ctx.config.map;
  const map = L.map(container, {
    zoomAnimation: !reduced,
    fadeAnimation: !reduced,
    markerZoomAnimation: !reduced,
    inertia: !reduced,
    zoomControl: false,
    maxBounds: bounds
      ? L.latLngBounds([bounds.south, bounds.west], [bounds.north, bounds.east]).pad(0.5)
      : undefined,
  });
  L.control.zoom({ zoomInTitle: ctx.i18n.t('map.zoomIn'), zoomOutTitle: ctx.i18n.t('map.zoomOut') }).addTo(map);
  L.tileLayer(ctx.tileUrl, { attribution: ctx.tileAttribution, maxZoom: 19 }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.setView([center.lat, center.lon], zoom);
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', label);
  // Leaflet throws (reading `_leaflet_pos` of its deleted panes) when asked to resize a removed map,
  // and a container out of the page or not laid out yet has no size to fit: both are skipped.
  let removed = false;
  const observer = new ResizeObserver(() => {
    if (removed || !container.isConnected || !container.clientWidth || !container.clientHeight) return;
    map.invalidateSize({ animate: false });
  });
  observer.observe(container);
  // However the map goes (`dispose()`, or a view calling `map.remove()` itself), the observer goes too.
  map.on('unload', () => {
    removed = true;
    observer.disconnect();
  });
  return {
    map,
    dispose() {
      if (!removed) map.remove();
    },
  };
}

export function reportIcon(ctx: WidgetContext, r: ReportSummary, selected = false) {
  const tone = statusTone(r.status);
  const name = `${r.title} – ${statusLabel(ctx.i18n, r.status)}`;
  return L.divIcon({
    className: `segnala-marker${selected ? ' selected' : ''}`,
    html: `<span class="pin tone-${tone}" aria-hidden="true"><span>${statusSymbol(r.status)}</span></span><span class="visually-hidden">${escapeHtml(name)}</span>`,
    iconSize: [28, 28],
    iconAnchor: [14, 34],
  });
}

export function pickIcon(label: string) {
  return L.divIcon({
    className: 'segnala-marker',
    html: `<span class="pin tone-pick" aria-hidden="true"><span>●</span></span><span class="visually-hidden">${escapeHtml(label)}</span>`,
    iconSize: [34, 34],
    iconAnchor: [17, 42],
  });
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the map asks the server for one view; the filters are the caller's business. */
export type ClusterLoader = (view: { bbox: string; zoom: number }, signal: AbortSignal) => Promise<ClusterAnswer>;

/** Leaflet's bounds as the server reads them: within the world and the Web-Mercator latitudes. */
function bboxOf(bounds: L.LatLngBounds): string {
  const lon = (v: number) => Math.max(-180, Math.min(180, v)).toFixed(6);
  const lat = (v: number) => Math.max(-85, Math.min(85, v)).toFixed(6);
  return `${lon(bounds.getWest())},${lat(bounds.getSouth())},${lon(bounds.getEast())},${lat(bounds.getNorth())}`;
}

const wholeZoom = (z: number) => Math.max(0, Math.min(22, Math.round(z)));

/** Waits this long after the map stops moving: dragging and zooming ask once, not at every step. */
const SETTLE_MS = 150;

/**
 * The public reports of the current view, grouped by the server (`GET /reports/clusters`): the
 * browser never holds more than about 500 markers, however many reports there are. Each move asks
 * again (debounced, the previous request aborted) and the old markers stay until the answer
 * arrives. Every marker and cluster is a keyboard-reachable button with a name.
 */
export class ClusterLayer {
  private readonly layer = L.layerGroup();
  private answer?: ClusterAnswer;
  private markers = new Map<string, L.Marker>();
  private cellMarkers: { cell: ReportCluster; marker: L.Marker }[] = [];
  private selected?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private abort?: AbortController;
  /** A report to focus once the answer for its spot arrives (see `reveal`). */
  private revealing?: { reference: string; location: LatLon };

  constructor(
    private readonly map: L.Map,
    private readonly ctx: () => WidgetContext,
    private readonly load: ClusterLoader,
    private readonly handlers: {
      onSelect(r: ReportSummary): void;
      /** Reports that zooming cannot separate (one spot, or the highest zoom): the caller lists them. */
      onSpot(cell: ReportCluster): void;
      onError(err: Error): void;
    },
  ) {
    this.layer.addTo(map);
    map.on('moveend', () => this.schedule());
  }

  /** The last answer drawn: what the map shows. */
  get shown(): ClusterAnswer | undefined {
    return this.answer;
  }

  /** Asks again for the current view at once (the filters changed). */
  async refresh(): Promise<void> {
    const signal = this.newRequest();
    try {
      const answer = await this.load({ bbox: bboxOf(this.map.getBounds()), zoom: wholeZoom(this.map.getZoom()) }, signal);
      if (signal.aborted) return;
      this.answer = answer;
      this.redraw();
      this.finishReveal();
    } catch (err) {
      if ((err as Error).name !== 'AbortError') this.handlers.onError(err as Error);
    }
  }

  /**
   * Frames the reports inside `area` (a street's, say): one coarse question over the area, whose
   * cells' extents are enough, then the view the map settles on is asked for as usual.
   */
  async frame(area: L.LatLngBounds): Promise<void> {
    const signal = this.newRequest();
    try {
      const answer = await this.load({ bbox: bboxOf(area), zoom: wholeZoom(this.map.getBoundsZoom(area)) }, signal);
      if (signal.aborted) return;
      this.fit(answer);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.handlers.onError(err as Error);
    }
    // With nothing to frame, the current view is as good as any.
    await this.refresh();
  }

  /** Only the latest question counts: a pending move or an older answer is dropped. */
  private newRequest(): AbortSignal {
    clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = new AbortController();
    return this.abort.signal;
  }

  private schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), SETTLE_MS);
  }

  /**
   * Zooms to a report (as far as the map goes), then gives its marker focus; a report sharing its
   * spot with others gives the focus to that spot's button.
   */
  reveal(r: ReportSummary) {
    if (!r.location) return;
    this.selected = r.reference;
    this.revealing = { reference: r.reference, location: r.location };
    this.map.setView([r.location.lat, r.location.lon], this.map.getMaxZoom(), { animate: false });
    void this.refresh();
  }

  private finishReveal() {
    const wanted = this.revealing;
    if (!wanted) return;
    this.revealing = undefined;
    const { lat, lon } = wanted.location;
    const cell = this.cellMarkers.find(({ cell: { bbox: [w, s, e, n] } }) => lon >= w && lon <= e && lat >= s && lat <= n);
    const marker = this.markers.get(wanted.reference) ?? cell?.marker;
    marker?.getElement()?.focus();
  }

  /** Fits the map to the reports of an answer; false when it holds none. */
  private fit(answer: ClusterAnswer): boolean {
    const points: [number, number][] = [
      ...answer.cells.flatMap((c): [number, number][] => [
        [c.bbox[1], c.bbox[0]],
        [c.bbox[3], c.bbox[2]],
      ]),
      ...answer.reports.filter((r) => r.location).map((r): [number, number] => [r.location!.lat, r.location!.lon]),
    ];
    if (!points.length) return false;
    this.map.invalidateSize({ animate: false, pan: false });
    this.map.fitBounds(L.latLngBounds(points).pad(0.1), { animate: false, maxZoom: 17 });
    return true;
  }

  /** Draws the last answer again (the language changed). */
  redraw() {
    const answer = this.answer;
    if (!answer) return;
    const ctx = this.ctx();
    this.layer.clearLayers();
    this.markers.clear();
    this.cellMarkers = [];
    const atMaxZoom = answer.zoom >= this.map.getMaxZoom();
    for (const r of answer.reports) if (r.location) this.addReportMarker(ctx, r);
    for (const cell of answer.cells) {
      const [w, s, e, n] = cell.bbox;
      // Reports on one spot, or still together at the highest zoom: zooming cannot part them.
      const spot = atMaxZoom || (w === e && s === n);
      const label = ctx.i18n.plural(spot ? 'map.spot' : 'map.cluster', cell.count);
      const marker = L.marker([cell.lat, cell.lon], {
        icon: L.divIcon({
          className: 'segnala-cluster',
          html: `<span class="cluster" aria-hidden="true">${cell.count}</span><span class="visually-hidden">${escapeHtml(label)}</span>`,
          iconSize: [40, 40],
        }),
        keyboard: true,
        riseOnHover: true,
      });
      marker.on('click', () => {
        if (spot) this.handlers.onSpot(cell);
        else this.map.fitBounds(L.latLngBounds([s, w], [n, e]).pad(0.2), { maxZoom: this.map.getMaxZoom() });
      });
      this.cellMarkers.push({ cell, marker });
      this.layer.addLayer(marker);
    }
  }

  private addReportMarker(ctx: WidgetContext, r: ReportSummary) {
    const marker = L.marker([r.location!.lat, r.location!.lon], {
      icon: reportIcon(ctx, r, r.reference === this.selected),
      keyboard: true,
      riseOnHover: true,
    });
    marker.on('click', () => this.handlers.onSelect(r));
    this.markers.set(r.reference, marker);
    this.layer.addLayer(marker);
  }
}

export const toLatLon = (ll: L.LatLng): LatLon => ({ lat: Number(ll.lat.toFixed(6)), lon: Number(ll.lng.toFixed(6)) });
