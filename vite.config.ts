import { type InlineConfig, build, defineConfig } from 'vite';

/**
 * One embeddable bundle: a self-contained, minified ES module written to dist/widget/, where the
 * server serves it at /widget/. Lit, Leaflet and Leaflet's CSS are inside.
 */
function bundle(name: string, entry: string, emptyOutDir: boolean): InlineConfig {
  return {
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
        // Vite 8 library builds keep whitespace unless told to minify the output itself.
        output: { minify: true },
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
    {
      name: 'segnala-admin-bundle',
      apply: 'build',
      async closeBundle() {
        await build({ ...bundle('segnala-admin', 'widget/admin/segnala-admin.ts', false), configFile: false, logLevel: 'warn' });
      },
    },
  ],
});
