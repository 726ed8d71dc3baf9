import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import ts from 'typescript';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { openTestDatabase } from './helpers/database.ts';
import type { Database } from '../../server/db/connect.ts';
// @ts-expect-error a plain ES module of the repository, without declarations
import * as generated from '../../scripts/custom-elements.mjs';

/**
 * custom-elements.json, segnala-elements.d.ts and the README's tables (README, "Embedding the
 * widget") describe <segnala-widget> and <segnala-admin> to other people's sites and tools: they must
 * be current (made from the source as it is now) and true (every attribute, event, CSS property and
 * part really exists, and the declared types are the source's own).
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const inRoot = (path: string) => join(root, path);
const run = promisify(execFile);

interface Item {
  name: string;
  type?: { text: string };
  default?: string;
  fieldName?: string;
  kind?: string;
}
interface Element {
  name: string;
  tagName: string;
  path: string;
  attributes: Item[];
  events: Item[];
  cssProperties: Item[];
  cssParts: Item[];
  members: Item[];
}

let manifest: { modules: unknown[] };
let elements: Map<string, Element>;
let temp: string;
before(async () => {
  manifest = JSON.parse(await readFile(inRoot('custom-elements.json'), 'utf8'));
  elements = new Map((generated.customElements(manifest) as Element[]).map((e) => [e.tagName, e]));
  temp = await mkdtemp(join(tmpdir(), 'segnala-cem-'));
});
after(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** The widget's source files, each with its text; `admin` says whether it belongs to the console. */
async function widgetSources() {
  const files = (await readdir(inRoot('widget'), { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  return Promise.all(files.map(async (f) => ({ path: f, admin: f.startsWith('admin/'), text: await readFile(inRoot(join('widget', f)), 'utf8') })));
}

test('both elements are described, with their tags and nothing of how they work inside', () => {
  assert.deepEqual([...elements.keys()], ['segnala-widget', 'segnala-admin']);
  for (const el of elements.values()) {
    const members = el.members.map((m) => m.name);
    // Lit's state, controllers, lifecycle, and navigate() (marked @internal: its route type is ours).
    for (const internal of ['config', 'ctx', 'router', 'render', 'willUpdate', 'connectedCallback', 'navigate', 'styles', 'loadAbort']) {
      assert.ok(!members.includes(internal), `${el.tagName} lists ${internal}`);
    }
    assert.ok(el.attributes.length >= 4 && el.events.length >= 2 && el.cssParts.length >= 5, el.tagName);
  }
  assert.deepEqual(elements.get('segnala-admin')!.members.filter((m) => m.kind === 'method').map((m) => m.name), ['logout']);
});

test('custom-elements.json is what the analyzer makes from the source now, and the run leaves package.json alone', async () => {
  const before = await readFile(inRoot('package.json'), 'utf8');
  const outdir = join(temp, 'manifest');
  // The CLI joins --outdir to the working directory: a relative path reaches the temporary folder.
  await run(process.execPath, [inRoot('node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--quiet', '--outdir', relative(root, outdir)], { cwd: root });
  assert.equal(await readFile(join(outdir, 'custom-elements.json'), 'utf8'), await readFile(inRoot('custom-elements.json'), 'utf8'), 'run `npm run manifest` and commit custom-elements.json');
  const packageJson = await readFile(inRoot('package.json'), 'utf8');
  assert.equal(JSON.parse(packageJson).customElements, undefined, 'the analyzer wrote its customElements entry into package.json');
  assert.equal(JSON.parse(packageJson).name, JSON.parse(before).name);
});

test('segnala-elements.d.ts and the README tables are made from the committed manifest', async () => {
  assert.equal(await readFile(inRoot('segnala-elements.d.ts'), 'utf8'), generated.declarations(manifest), 'run `npm run manifest`');
  const readme = await readFile(inRoot('README.md'), 'utf8');
  assert.equal(generated.withReadmeBlocks(readme, manifest), readme, 'run `npm run manifest`');
  // And what the tables say is in the README, where an IT person reads it.
  for (const el of elements.values()) {
    const block = generated.readmeBlock(el) as string;
    for (const item of [...el.attributes, ...el.events, ...el.cssProperties, ...el.cssParts]) assert.ok(block.includes(`| \`${item.name}\` |`), `${el.tagName} ${item.name}`);
  }
});

test('every event, CSS property and part the README names anywhere is one the manifest describes', async () => {
  const readme = await readFile(inRoot('README.md'), 'utf8');
  const all = [...elements.values()];
  const events = new Set(all.flatMap((e) => e.events.map((x) => x.name)));
  const properties = new Set(all.flatMap((e) => e.cssProperties.map((x) => x.name)));
  const parts = new Set(all.flatMap((e) => e.cssParts.map((x) => x.name)));
  // Event names are the elements' prefix and words (segnala-report-filed); tags and files are not.
  for (const [name] of readme.matchAll(/(?<![\w-])segnala-(?:admin|report|support|view)-[a-z-]*[a-z](?![\w./-])/g)) {
    assert.ok(events.has(name), `the README names an event ${name} the manifest does not describe`);
  }
  for (const [name] of readme.matchAll(/--segnala-[a-z0-9-]+/g)) assert.ok(properties.has(name), `the README names ${name}`);
  for (const [, name] of readme.matchAll(/::part\(([a-z-]+)\)/g)) assert.ok(parts.has(name), `the README names ::part(${name})`);
});

test('each attribute is a @property() of its element, with the attribute name Lit gives it, and each property is described', async () => {
  for (const el of elements.values()) {
    const source = await readFile(inRoot(el.path), 'utf8');
    const declared = new Set<string>();
    for (const [, options = '', field] of source.matchAll(/@property\((\{[^)]*\})?\)\s+(?:override\s+)?(?:readonly\s+)?(\w+)/g)) {
      if (/attribute:\s*false/.test(options)) continue;
      declared.add(/attribute:\s*'([^']+)'/.exec(options)?.[1] ?? field.toLowerCase());
    }
    assert.deepEqual(new Set(el.attributes.map((a) => a.name)), declared, el.tagName);
  }
});

test('each event is really sent by the widget, bubbling out of the shadow root', async () => {
  const sources = await widgetSources();
  for (const el of elements.values()) {
    for (const event of el.events) {
      const sent = sources.some(
        ({ admin, text }) =>
          admin === (el.tagName === 'segnala-admin') &&
          // emit() (widget/events.ts) always sends it bubbling and composed.
          (new RegExp(`\\bemit(<[^>]*>)?\\([^,]+,\\s*'${event.name}'`).test(text) ||
            new RegExp(`new CustomEvent(<[^>]*>)?\\(\\s*'${event.name}'[^;]*bubbles: true[^;]*composed: true`).test(text)),
      );
      assert.ok(sent, `${el.tagName}: nothing in widget/ sends ${event.name}`);
    }
  }
});

test('each CSS custom property is read by the styles with the documented default, and every one they read is documented', async () => {
  const sources = await widgetSources();
  const widget = elements.get('segnala-widget')!;
  const admin = elements.get('segnala-admin')!;
  const used = new Map<string, { defaults: Set<string>; admin: boolean; citizen: boolean }>();
  for (const { text, admin: isAdmin } of sources) {
    for (const [, name, fallback] of text.matchAll(/var\((--segnala-[a-z0-9-]+)(?:,\s*([^)]*(?:\([^)]*\))?[^)]*))?\)/g)) {
      const entry = used.get(name) ?? { defaults: new Set(), admin: false, citizen: false };
      if (fallback) entry.defaults.add(fallback.trim());
      entry[isAdmin ? 'admin' : 'citizen'] = true;
      used.set(name, entry);
    }
  }
  for (const [name, use] of used) {
    // The console shares the widget's styles (widget/styles.ts): the widget's properties apply there too.
    const documented = use.citizen ? widget.cssProperties.find((p) => p.name === name) : (admin.cssProperties.find((p) => p.name === name) ?? widget.cssProperties.find((p) => p.name === name));
    assert.ok(documented, `${name} is read by the styles but not documented`);
    assert.deepEqual([...use.defaults], [documented.default], `${name}: the styles' fallback and the documented default`);
  }
  for (const p of [...widget.cssProperties, ...admin.cssProperties]) assert.ok(used.has(p.name), `${p.name} is documented but no style reads it`);
});

test('each part is on an element in the page-facing shadow tree of its element', async () => {
  const sources = await widgetSources();
  for (const el of elements.values()) {
    const isAdmin = el.tagName === 'segnala-admin';
    const own = await readFile(inRoot(el.path), 'utf8');
    // The element's own parts, and the inner views' parts it forwards with exportparts.
    const reachable = new Set([...own.matchAll(/\bpart="([a-z- ]+)"/g)].flatMap((m) => m[1].split(' ')));
    for (const [, list] of own.matchAll(/exportparts="([a-z-, ]+)"/g)) for (const p of list.split(',')) reachable.add(p.trim());
    for (const part of el.cssParts) {
      assert.ok(reachable.has(part.name), `${el.tagName}::part(${part.name}) is not on its own shadow tree nor exported`);
      if (!new RegExp(`\\bpart="${part.name}"`).test(own)) {
        assert.ok(sources.some((s) => s.admin === isAdmin && new RegExp(`\\bpart="[^"]*\\b${part.name}\\b`).test(s.text)), `no view has part="${part.name}"`);
      }
    }
    for (const part of reachable) assert.ok(el.cssParts.some((p) => p.name === part), `${el.tagName} exposes part ${part} without describing it`);
  }
});

function diagnosticsOf(program: ts.Program) {
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${relative(root, d.file.fileName)}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

test('the shipped declarations have exactly the types of the elements and of the events in the source', async () => {
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(inRoot('tsconfig.json'), ts.sys.readFile).config, ts.sys, root);
  const check = join(temp, 'declarations-match-source.ts');
  const widget = elements.get('segnala-widget')!;
  const admin = elements.get('segnala-admin')!;
  // The interfaces alone: their global part would clash with the source's own HTMLElementTagNameMap.
  const shipped = (generated.interfaces(manifest) as string).replace(/^export interface (\w+)/gm, 'interface Shipped$1');
  const fieldChecks = [widget, admin].flatMap((el) =>
    el.members.map((m) => `const _${el.name}_${m.name}: Equal<${el.name}['${m.name}'], Shipped${el.name}['${m.name}']> = true;`),
  );
  const eventChecks = [widget, admin].flatMap((el) =>
    el.events.map((e) => `const _event_${e.name.replaceAll('-', '_')}: Equal<HTMLElementEventMap['${e.name}'], ShippedSegnalaEventMap['${e.name}']> = true;`),
  );
  await writeFile(
    check,
    `import type { SegnalaWidget } from ${JSON.stringify(inRoot('widget/segnala-widget.ts'))};
import type { SegnalaAdmin } from ${JSON.stringify(inRoot('widget/admin/segnala-admin.ts'))};
import type { SegnalaEventMap } from ${JSON.stringify(inRoot('widget/events.ts'))};
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
${shipped}
${fieldChecks.join('\n')}
${eventChecks.join('\n')}
// Every segnala-… event the source types for pages is shipped, and no other, on document and window too.
const _sameEvents: Equal<Extract<keyof HTMLElementEventMap, \`segnala-\${string}\`>, keyof ShippedSegnalaEventMap> = true;
const _sameMap: Equal<SegnalaEventMap, ShippedSegnalaEventMap> = true;
const _onDocument: Equal<DocumentEventMap['segnala-report-filed'], ShippedSegnalaEventMap['segnala-report-filed']> = true;
const _onWindow: Equal<WindowEventMap['segnala-view-change'], ShippedSegnalaEventMap['segnala-view-change']> = true;
// The shipped element types are what document.querySelector() gives inside the source too.
const _widgetFits: ShippedSegnalaWidget = null! as HTMLElementTagNameMap['segnala-widget'];
const _adminFits: ShippedSegnalaAdmin = null! as HTMLElementTagNameMap['segnala-admin'];
`,
  );
  // With the source's ambient declarations (widget/*.d.ts: Leaflet's source modules, `?inline` CSS).
  const ambient = config.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram([check, ...ambient], { ...config.options, noEmit: true, noUnusedLocals: false });
  assert.deepEqual(diagnosticsOf(program), []);
});

test('a site compiling against segnala-elements.d.ts alone gets typed elements and events, and type errors for wrong use', async () => {
  const dir = join(temp, 'site');
  await rm(dir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  await copyFile(inRoot('segnala-elements.d.ts'), join(dir, 'segnala-elements.d.ts'));
  const site = join(dir, 'site.ts');
  await writeFile(
    site,
    `/// <reference path="segnala-elements.d.ts" />
const widget = document.querySelector('segnala-widget');
if (widget) {
  widget.municipality = 'seravezza';
  const view: 'map' | 'list' | 'new' | 'track' | 'streets' | 'stats' = widget.view;
  // @ts-expect-error not one of the widget's views
  widget.view = 'calendar';
  widget.addEventListener('segnala-report-filed', (e) => {
    const reference: string = e.detail.reference;
    const published: boolean = e.detail.published;
    // @ts-expect-error the tracking code never leaves the widget
    console.log(view, reference, published, e.detail.trackingCode);
  });
}
document.addEventListener('segnala-support-added', (e) => {
  const count: number = e.detail.supportCount;
  // @ts-expect-error a count is a number
  const wrong: string = e.detail.supportCount;
  console.log(count, wrong);
});
window.addEventListener('segnala-view-change', (e) => {
  const streetId: number | undefined = e.detail.streetId;
  console.log(streetId);
});
const admin = document.createElement('segnala-admin');
const loggedOut: Promise<void> = admin.logout();
admin.addEventListener('segnala-admin-logout', (e) => console.log(loggedOut, e.detail.expired === true));
admin.addEventListener('segnala-admin-login', (e) => {
  // @ts-expect-error a role of the console
  const role: 'citizen' = e.detail.role;
  console.log(role);
});
`,
  );
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], skipDefaultLibCheck: true };
  assert.deepEqual(diagnosticsOf(ts.createProgram([site], options)), []);
  // Without the declarations the same file does not compile: the checks above are the declarations' doing.
  await writeFile(site, (await readFile(site, 'utf8')).replace('/// <reference path="segnala-elements.d.ts" />', ''));
  assert.ok(diagnosticsOf(ts.createProgram([site], options)).length > 0);
});

test('GET /widget/custom-elements.json and /widget/segnala-elements.d.ts are served to any site, as the bundles are', async () => {
  let db: Database | undefined;
  const widgetDir = join(temp, 'widget');
  try {
    db = await openTestDatabase();
    await import('node:fs/promises').then((fs) => fs.mkdir(widgetDir));
    // What the build writes to dist/widget/ (vite.config.ts), from the committed files.
    for (const f of ['custom-elements.json', 'segnala-elements.d.ts']) await copyFile(inRoot(f), join(widgetDir, f));
    const app = createApp(
      { sql: db.sql, secretKey: Buffer.alloc(32), logger: createLogger('silent') },
      { widget: widgetDir, demo: inRoot('demo') },
    );
    const site = { headers: { Origin: 'https://www.comune.example.it' } };
    const json = await app.request('/widget/custom-elements.json', site);
    assert.equal(json.status, 200);
    assert.match(json.headers.get('Content-Type')!, /^application\/json/);
    assert.equal(json.headers.get('Access-Control-Allow-Origin'), '*', 'tools on other origins read it');
    assert.equal(json.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
    assert.equal(json.headers.get('X-Content-Type-Options'), 'nosniff');
    assert.deepEqual(await json.json(), manifest);
    const dts = await app.request('/widget/segnala-elements.d.ts', site);
    assert.equal(dts.status, 200);
    assert.equal(dts.headers.get('Content-Type'), 'text/plain; charset=utf-8', 'not video/mp2t, what .ts means to MIME tables');
    assert.equal(dts.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal(await dts.text(), await readFile(inRoot('segnala-elements.d.ts'), 'utf8'));
  } finally {
    await db?.close();
  }
});
