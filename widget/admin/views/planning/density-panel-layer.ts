import { L } from '../../../map.ts';
import type { Density, DensityCell, MapView } from './density-panel-api.ts';

/**
 * The density answer drawn on a Leaflet map: each cell a square of its class's shade, with its
 * count, as a keyboard-reachable button (Enter or Space chooses it, as a click does). The squares
 * are markers with a sized DivIcon rather than vector rectangles: the console's Leaflet has no
 * vector layers or renderers (map-leaflet.ts leaves them out of the citizens' bundle), and a
 * marker is focusable and named like the citizens' clusters.
 */

/** Shades of the classes (ColorBrewer OrRd, light to dark): the `.shade-0`…`.shade-4` classes of the panel's styles. */
const SHADES = 5;

/** The shade of class `index` of `classes`: spread over the palette, so two classes are light and dark. */
export function shadeOf(index: number, classes: number): number {
  if (classes <= 1) return 2;
  return Math.round((index * (SHADES - 1)) / (classes - 1));
}

/** A map's visible area as the server reads it: within the world and the Web-Mercator latitudes, a whole zoom. */
export function viewOf(map: L.Map): MapView {
  const b = map.getBounds();
  const lon = (v: number) => Math.max(-180, Math.min(180, v)).toFixed(6);
  const lat = (v: number) => Math.max(-85, Math.min(85, v)).toFixed(6);
  return {
    bbox: `${lon(b.getWest())},${lat(b.getSouth())},${lon(b.getEast())},${lat(b.getNorth())}`,
    zoom: Math.max(0, Math.min(22, Math.round(map.getZoom()))),
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Below this many pixels a cell shows its shade only: the count would not fit. */
const MIN_LABELLED_PX = 22;

export class DensityLayer {
  private readonly layer = L.layerGroup();
  private answer?: Density;
  private selected?: string;
  private readonly markers = new Map<string, L.Marker>();

  constructor(
    private readonly map: L.Map,
    private readonly handlers: {
      /** The cell's name for screen readers: where it is, its count, its class. */
      label(cell: DensityCell): string;
      onChoose(cell: DensityCell): void;
    },
  ) {
    this.layer.addTo(map);
    // Squares are sized in pixels: a new zoom redraws them at once, before the new answer comes.
    map.on('zoomend', () => this.redraw());
  }

  show(answer: Density) {
    this.answer = answer;
    this.redraw();
  }

  select(id: string | undefined) {
    if (this.selected) this.markers.get(this.selected)?.getElement()?.classList.remove('selected');
    this.selected = id;
    if (id) this.markers.get(id)?.getElement()?.classList.add('selected');
  }

  /** Brings a cell into view (chosen in the table, it may be off the map's edge): the map moves, and asks again. */
  reveal(cell: DensityCell) {
    const [w, s, e, n] = cell.bbox;
    const bounds = L.latLngBounds([s, w], [n, e]);
    if (!this.map.getBounds().contains(bounds)) this.map.panTo(bounds.getCenter(), { animate: false });
  }

  /** The marker of a cell, for focusing it (tests, and the table's "show on the map"). */
  element(id: string): HTMLElement | undefined {
    return this.markers.get(id)?.getElement();
  }

  redraw() {
    const answer = this.answer;
    // A focused cell keeps the focus through a redraw (a new answer after the map panned to show it).
    const root = this.map.getContainer().getRootNode() as Document | ShadowRoot;
    const focused = (root.activeElement as HTMLElement | null)?.dataset?.cell;
    this.layer.clearLayers();
    this.markers.clear();
    if (!answer) return;
    const classes = answer.classes.length;
    // Drawn quietest first, so a busy cell's outline is never under its neighbour.
    for (const cell of [...answer.cells].reverse()) {
      const [w, s, e, n] = cell.bbox;
      const nw = this.map.latLngToLayerPoint([n, w]);
      const se = this.map.latLngToLayerPoint([s, e]);
      const width = Math.max(1, Math.round(se.x - nw.x));
      const height = Math.max(1, Math.round(se.y - nw.y));
      const shade = shadeOf(cell.class, classes);
      const count = Math.min(width, height) >= MIN_LABELLED_PX ? `<span class="count" aria-hidden="true">${cell.count}</span>` : '';
      const marker = L.marker([n, w], {
        icon: L.divIcon({
          className: `segnala-density shade-${shade}${cell.id === this.selected ? ' selected' : ''}`,
          html: `${count}<span class="visually-hidden">${escapeHtml(this.handlers.label(cell))}</span>`,
          iconSize: [width, height],
          iconAnchor: [0, 0],
        }),
        keyboard: true,
        riseOnHover: true,
      });
      marker.on('click', () => this.handlers.onChoose(cell));
      marker.on('keydown', (ev) => {
        const key = (ev as unknown as { originalEvent: KeyboardEvent }).originalEvent;
        if (key.key !== 'Enter' && key.key !== ' ') return;
        key.preventDefault();
        this.handlers.onChoose(cell);
      });
      this.markers.set(cell.id, marker);
      this.layer.addLayer(marker);
      // The cell's id on its element: what the tests (and a curious developer) find it by.
      marker.getElement()?.setAttribute('data-cell', cell.id);
    }
    if (focused) this.element(focused)?.focus({ preventScroll: true });
  }
}
