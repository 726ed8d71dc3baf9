import { css, unsafeCSS } from 'lit';
import * as L from 'leaflet/dist/leaflet-src.esm.js';
import leafletCss from 'leaflet/dist/leaflet.css?inline';
import type { LatLon, ReportSummary } from './api.ts';
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
  const observer = new ResizeObserver(() => map.invalidateSize({ animate: false }));
  observer.observe(container);
  return {
    map,
    dispose() {
      observer.disconnect();
      map.remove();
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

/**
 * Report markers grouped on a pixel grid: nearby markers become one numbered cluster until the
 * map is zoomed in enough to tell them apart. Hundreds of reports stay fluid, and every marker and
 * cluster is a keyboard-reachable button with a name. (leaflet.markercluster assumes a global `L`
 * and the document's stylesheet; a grid is all this needs.)
 */
export class ClusteredMarkers {
  private readonly layer = L.layerGroup();
  private reports: ReportSummary[] = [];
  private markers = new Map<string, L.Marker>();
  private selected?: string;

  constructor(
    private readonly map: L.Map,
    private readonly ctx: () => WidgetContext,
    private readonly onSelect: (r: ReportSummary) => void,
    private readonly cellSize = 56,
    private readonly minToCluster = 12,
  ) {
    this.layer.addTo(map);
    map.on('zoomend', () => this.redraw());
  }

  setReports(reports: ReportSummary[]) {
    this.reports = reports.filter((r) => r.location);
    this.redraw();
  }

  /** Brings a report's marker into view, unclustered, selects it and gives it focus. */
  reveal(reference: string) {
    const r = this.reports.find((x) => x.reference === reference);
    if (!r?.location) return;
    this.selected = reference;
    const zoom = Math.max(this.map.getZoom(), 17);
    this.map.setView([r.location.lat, r.location.lon], zoom, { animate: false });
    this.redraw();
    const el = this.markers.get(reference)?.getElement();
    el?.focus();
  }

  fitAll() {
    const points = this.reports.map((r) => L.latLng(r.location!.lat, r.location!.lon));
    this.map.invalidateSize({ animate: false, pan: false });
    if (points.length > 1) this.map.fitBounds(L.latLngBounds(points).pad(0.1), { animate: false, maxZoom: 17 });
    else if (points.length === 1) this.map.setView(points[0], 17, { animate: false });
  }

  redraw() {
    const ctx = this.ctx();
    this.layer.clearLayers();
    this.markers.clear();
    const zoom = this.map.getZoom();
    // A few markers are clearer on their own; clustering is for the many.
    const noClustering = this.reports.length <= this.minToCluster || zoom >= this.map.getMaxZoom() - 1;
    const cells = new Map<string, ReportSummary[]>();
    for (const r of this.reports) {
      const p = this.map.project([r.location!.lat, r.location!.lon], zoom);
      const key = noClustering ? r.reference : `${Math.floor(p.x / this.cellSize)}:${Math.floor(p.y / this.cellSize)}`;
      const cell = cells.get(key);
      if (cell) cell.push(r);
      else cells.set(key, [r]);
    }
    for (const group of cells.values()) {
      if (group.length === 1) {
        for (const r of group) this.addReportMarker(ctx, r);
        continue;
      }
      const bounds = L.latLngBounds(group.map((r) => [r.location!.lat, r.location!.lon] as [number, number]));
      const label = ctx.i18n.plural('map.cluster', group.length);
      const marker = L.marker(bounds.getCenter(), {
        icon: L.divIcon({
          className: 'segnala-cluster',
          html: `<span class="cluster" aria-hidden="true">${group.length}</span><span class="visually-hidden">${escapeHtml(label)}</span>`,
          iconSize: [40, 40],
        }),
        keyboard: true,
        riseOnHover: true,
      });
      marker.on('click', () => {
        const target = Math.min(this.map.getZoom() + 2, this.map.getMaxZoom());
        if (bounds.getNorthEast().equals(bounds.getSouthWest())) this.map.setView(bounds.getCenter(), target);
        else this.map.fitBounds(bounds.pad(0.2), { maxZoom: target });
      });
      this.layer.addLayer(marker);
    }
  }

  private addReportMarker(ctx: WidgetContext, r: ReportSummary) {
    const marker = L.marker([r.location!.lat, r.location!.lon], {
      icon: reportIcon(ctx, r, r.reference === this.selected),
      keyboard: true,
      riseOnHover: true,
    });
    marker.on('click', () => this.onSelect(r));
    this.markers.set(r.reference, marker);
    this.layer.addLayer(marker);
  }
}

export const toLatLon = (ll: L.LatLng): LatLon => ({ lat: Number(ll.lat.toFixed(6)), lon: Number(ll.lng.toFixed(6)) });
