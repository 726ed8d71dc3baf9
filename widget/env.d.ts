/// <reference types="vite/client" />

/** Leaflet's ES build (the package's main entry is UMD): same API as the `leaflet` types. */
declare module 'leaflet/dist/leaflet-src.esm.js' {
  export * from 'leaflet';
}
