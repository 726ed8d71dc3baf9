/**
 * The parts of Leaflet 1.9 that Segnala's maps use, taken from the source modules Leaflet ships
 * (`leaflet/src/`). The package's ES build (`dist/leaflet-src.esm.js`) cannot be tree-shaken:
 * it is one file whose modules register themselves on `Map` when it loads (`Map.include`,
 * `Map.addInitHook`: popups, tooltips, the SVG and Canvas renderers), so a bundler keeps all of
 * it whatever is imported. Importing only the modules below leaves out popups, tooltips, vector
 * layers and their renderers, GeoJSON, image/video/SVG overlays, the layer and scale controls and
 * the other projections: about 26.7 KB gzip instead of 42.7 KB, for the same maps.
 *
 * Every interaction a Leaflet map has by default stays: dragging, keyboard, scroll wheel,
 * double-click, box and touch zoom, tap-and-hold (each handler registers itself on `Map`), the
 * attribution control (added by every map) and the zoom buttons. Types come from `@types/leaflet`
 * (map-leaflet-src.d.ts): these modules are the same code as the package's main entry.
 */
import 'leaflet/src/map/handler/Map.BoxZoom.js';
import 'leaflet/src/map/handler/Map.DoubleClickZoom.js';
import 'leaflet/src/map/handler/Map.Drag.js';
import 'leaflet/src/map/handler/Map.Keyboard.js';
import 'leaflet/src/map/handler/Map.ScrollWheelZoom.js';
import 'leaflet/src/map/handler/Map.TapHold.js';
import 'leaflet/src/map/handler/Map.TouchZoom.js';
import 'leaflet/src/control/Control.Attribution.js';
import { zoom } from 'leaflet/src/control/Control.Zoom.js';

export { Map, createMap as map } from 'leaflet/src/map/Map.js';
export { LatLng, toLatLng as latLng } from 'leaflet/src/geo/LatLng.js';
export { LatLngBounds, toLatLngBounds as latLngBounds } from 'leaflet/src/geo/LatLngBounds.js';
export { LayerGroup, layerGroup } from 'leaflet/src/layer/LayerGroup.js';
export { Marker, marker } from 'leaflet/src/layer/marker/Marker.js';
export { DivIcon, divIcon } from 'leaflet/src/layer/marker/DivIcon.js';
export { TileLayer, tileLayer } from 'leaflet/src/layer/tile/TileLayer.js';
export type { LeafletMouseEvent } from 'leaflet';

/** As `L.control.zoom` in the full build. */
export const control = { zoom };
