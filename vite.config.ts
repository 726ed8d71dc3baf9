import { defineConfig } from 'vite';

/**
 * The embeddable bundles: one self-contained, minified ES module per element, written to
 * dist/widget/ where the server serves them at /widget/. Lit, Leaflet and Leaflet's CSS are inside.
 */
export default defineConfig({
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    cssCodeSplit: false,
    lib: {
      entry: { 'segnala-widget': 'widget/segnala-widget.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      // Vite 8 library builds keep whitespace unless told to minify the output itself.
      output: { minify: true },
    },
  },
});
