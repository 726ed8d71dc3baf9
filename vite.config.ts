import minifyLitTemplates from '@lit-labs/rollup-plugin-minify-html-literals';
import { readFile } from 'node:fs/promises';
import { type InlineConfig, type Plugin, build, defineConfig } from 'vite';

/**
 * Leaflet's CSS without the rules of the parts our Leaflet leaves out (widget/map-leaflet.ts): popups,
 * tooltips, the layer switcher (whose icons Vite would inline as images) and scale, image overlays,
 * SVG and Canvas vector layers, old Internet Explorer; and the default marker's image, which Leaflet
 * looks for in the page's `document.body`, never in our shadow root (every marker of ours is a
 * `divIcon`, widget/map.ts). Nothing of ours can make those elements: about 2 KB gzip of the map's
 * chunk. A rule listing kept and left-out selectors keeps the former; `@media print` stays whole.
 */
const UNUSED_LEAFLET_SELECTOR =
  /leaflet-(popup|tooltip|control-layers|control-scale|image-layer|oldie|vml|default-icon-path)|lvml|\bsvg\b|\bcanvas\b/;

function withoutUnusedLeafletRules(css: string): string {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('{', i);
    if (open < 0) return out + text.slice(i);
    let close = open + 1;
    for (let depth = 1; depth > 0 && close < text.length; close++) {
      if (text[close] === '{') depth++;
      else if (text[close] === '}') depth--;
    }
    const prelude = text.slice(i, open).trim();
    const block = text.slice(open, close);
    if (prelude.startsWith('@')) out += `${prelude} ${block}\n`;
    else {
      const kept = prelude.split(',').map((s) => s.trim()).filter((s) => !UNUSED_LEAFLET_SELECTOR.test(s));
      if (kept.length) out += `${kept.join(',\n')} ${block}\n`;
    }
    i = close;
  }
}

const leafletCssTrimmed: Plugin = {
  name: 'segnala-leaflet-css-trimmed',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]leaflet[\\/]dist[\\/]leaflet\.css(\?|$)/.test(id)) return undefined;
    return withoutUnusedLeafletRules(code);
  },
};

/**
 * The HTML and CSS inside Lit's html`` and css`` templates, minified (the JavaScript minifier leaves
 * template text alone): indentation and comments are bytes every citizen downloads. The Lit team's
 * plugin knows Lit's bindings; a template it cannot parse fails the build rather than shipping
 * something half-minified.
 */
const litTemplatesMinified = () => ({ ...minifyLitTemplates({ failOnError: true }), enforce: 'pre' as const });

/**
 * One embeddable bundle: a minified ES module written to dist/widget/, where the server serves it at
 * /widget/, and the chunks it imports when a view first needs them (dist/widget/chunks/). They are
 * imported by relative URL, so they load from wherever the entry was loaded.
 */
function bundle(name: string, entry: string, emptyOutDir: boolean): InlineConfig {
  return {
    plugins: [leafletCssTrimmed, litTemplatesMinified()],
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
            groups: [{ name: 'views', includeDependenciesRecursively: false, test: /widget[\\/](views[\\/](report-detail|track|streets)-view|components[\\/](support-button|photo-gallery))(\.styles)?\.ts$/ }],
          },
        },
      },
    },
  };
}

/**
 * The elements' description (custom-elements.json) and their declarations for TypeScript, made by
 * `npm run manifest`, written next to the bundles so the server serves them at /widget/ (README,
 * "Embedding the widget"). Neither is ever fetched by the widget itself.
 */
const customElementsDescribed: Plugin = {
  name: 'segnala-custom-elements',
  apply: 'build',
  async generateBundle() {
    for (const fileName of ['custom-elements.json', 'segnala-elements.d.ts']) {
      this.emitFile({ type: 'asset', fileName, source: await readFile(new URL(fileName, import.meta.url), 'utf8') });
    }
  },
};

/**
 * The citizen widget, then the staff console as a second, separate build: built together they
 * would share a chunk (Lit, Leaflet), and citizens must never download any of the console.
 */
export default defineConfig({
  ...bundle('segnala-widget', 'widget/segnala-widget.ts', true),
  plugins: [
    leafletCssTrimmed,
    litTemplatesMinified(),
    customElementsDescribed,
    {
      name: 'segnala-admin-bundle',
      apply: 'build',
      async closeBundle() {
        await build({ ...bundle('segnala-admin', 'widget/admin/segnala-admin.ts', false), configFile: false, logLevel: 'warn' });
      },
    },
  ],
});
