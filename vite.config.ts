import { type InlineConfig, type Plugin, build, defineConfig } from 'vite';

/**
 * One embeddable bundle: a minified ES module written to dist/widget/, where the server serves it at
 * /widget/, and the chunks it imports when a view first needs them (dist/widget/chunks/). They are
 * imported by relative URL, so they load from wherever the entry was loaded.
 */
/**
 * Leaflet's CSS carries the layer switcher's icons as images, which Vite inlines (about 2 KB gzip);
 * no Segnala map has a layer switcher (widget/map.ts adds the zoom buttons only).
 */
const leafletWithoutLayerIcons: Plugin = {
  name: 'segnala-leaflet-css-without-layer-icons',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]leaflet[\\/]dist[\\/]leaflet\.css(\?|$)/.test(id)) return undefined;
    return code.replace(/url\(images\/layers(-2x)?\.png\)/g, 'none');
  },
};

function bundle(name: string, entry: string, emptyOutDir: boolean): InlineConfig {
  return {
    plugins: [leafletWithoutLayerIcons],
    build: {
      outDir: 'dist/widget',
      emptyOutDir,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      cssCodeSplit: false,
      lib: {
        entry: { [name]: entry },
        formats: ['es'],
        fileName: (_format, chunk) => `${chunk}.js`,
      },
      rolldownOptions: {
        // What the first view needs stays in the entry (the chunks import it from there) instead of
        // being split into more files to fetch before anything shows.
        preserveEntrySignatures: 'allow-extension',
        output: {
          // Vite 8 library builds keep whitespace unless told to minify the output itself.
          minify: true,
          // Each `await import()` becomes a chunk next to the entry; content-hashed names let the
          // server cache them for a year (server/routes/static.ts), while the entry keeps its name.
          chunkFileNames: 'chunks/[name]-[hash].js',
          // The small views (a report, tracking, streets) travel together: apart, each costs a
          // request and compresses worse than the kilobytes it would save.
          codeSplitting: {
            groups: [{ name: 'views', includeDependenciesRecursively: false, test: /widget[\\/](views[\\/](report-detail|track|streets)-view|components[\\/](support-button|photo-gallery))\.ts$/ }],
          },
        },
      },
    },
  };
}

/**
 * The citizen widget, then the staff console as a second, separate build: built together they
 * would share a chunk (Lit, Leaflet), and citizens must never download any of the console.
 */
export default defineConfig({
  ...bundle('segnala-widget', 'widget/segnala-widget.ts', true),
  plugins: [
    leafletWithoutLayerIcons,
    {
      name: 'segnala-admin-bundle',
      apply: 'build',
      async closeBundle() {
        await build({ ...bundle('segnala-admin', 'widget/admin/segnala-admin.ts', false), configFile: false, logLevel: 'warn' });
      },
    },
  ],
});
