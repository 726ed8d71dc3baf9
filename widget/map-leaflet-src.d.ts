// Leaflet's source modules that widget/map-leaflet.ts imports, typed by `@types/leaflet` (which
// describes the same code as the package's main entry) under the names each module exports.
declare module 'leaflet/src/map/Map.js' {
  export { Map, map as createMap } from 'leaflet';
}
declare module 'leaflet/src/geo/LatLng.js' {
  export { LatLng, latLng as toLatLng } from 'leaflet';
}
declare module 'leaflet/src/geo/LatLngBounds.js' {
  export { LatLngBounds, latLngBounds as toLatLngBounds } from 'leaflet';
}
declare module 'leaflet/src/layer/LayerGroup.js' {
  export { LayerGroup, layerGroup } from 'leaflet';
}
declare module 'leaflet/src/layer/marker/Marker.js' {
  export { Marker, marker } from 'leaflet';
}
declare module 'leaflet/src/layer/marker/DivIcon.js' {
  export { DivIcon, divIcon } from 'leaflet';
}
declare module 'leaflet/src/layer/tile/TileLayer.js' {
  export { TileLayer, tileLayer } from 'leaflet';
}
declare module 'leaflet/src/control/Control.Zoom.js' {
  import type { Control, control } from 'leaflet';
  export const Zoom: typeof Control.Zoom;
  export const zoom: typeof control.zoom;
}
declare module 'leaflet/src/control/Control.Attribution.js' {}
declare module 'leaflet/src/map/handler/Map.BoxZoom.js' {}
declare module 'leaflet/src/map/handler/Map.DoubleClickZoom.js' {}
declare module 'leaflet/src/map/handler/Map.Drag.js' {}
declare module 'leaflet/src/map/handler/Map.Keyboard.js' {}
declare module 'leaflet/src/map/handler/Map.ScrollWheelZoom.js' {}
declare module 'leaflet/src/map/handler/Map.TapHold.js' {}
declare module 'leaflet/src/map/handler/Map.TouchZoom.js' {}
