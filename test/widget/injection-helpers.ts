/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';

/**
 * Hostile text for the injection tests of the widget and the console: markup that would run if
 * it were ever parsed as HTML, SQL and template fragments, and Unicode that stresses text layout.
 * Every script payload calls the same trap, `window.__pwned`, so one check says "nothing ran".
 */

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** Starts every title the tests file, so they are easy to find (and to tell apart from real reports). */
export const PREFIX = 'XSSTEST';

export const IMG = `<img src=x onerror="window.__pwned='img'">`;
export const SCRIPT = `<script>window.__pwned='script'</script>`;
export const SVG = `"><svg onload="window.__pwned='svg'">`;
export const JS_URL = `javascript:window.__pwned='href'`;
export const ANCHOR = `<a href="javascript:window.__pwned='a'">clic</a>`;
export const IFRAME = `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`;
export const ENTITIES = `&lt;b&gt;non grassetto&lt;/b&gt; &amp; &quot;virgolette&quot; &#39; &#x3C;i&#x3E;`;
export const SQL_DROP = `'; DROP TABLE report; --`;
export const SQL_OR = `' OR 1=1 --`;
export const TEMPLATE = "${window.__pwned='tpl'} {{constructor.constructor('window.__pwned=1')()}} #{7*7}";
/** Right-to-left override, closed by a pop; right-to-left and left-to-right marks. */
export const RTL = 'Via \u202Eotseb\u202C fine \u200Fmark\u200E';
/** An override never closed: reverses whatever follows it in the same paragraph. */
export const RTL_OPEN = 'civico \u202E12';
export const ZERO_WIDTH = 'zero\u200Bwidth\u200Djoiner\uFEFFbom';
export const COMBINING = 'Z\u0335\u0321\u032Aa\u0336l\u0337g\u0338o\u0335 e\u0301 a\u0300\u0300\u0300\u0300\u0300\u0300\u0300\u0300';
export const EMOJI = '🚧🕳️ 👩‍👩‍👧‍👦 🇮🇹 🏳️‍🌈 👍🏽';
/** C0 control characters a paste can carry (bell, escape, backspace, vertical tab), and DEL. */
export const CONTROLS = 'campanello\u0007 escape\u001b[31m rosso\u0008 tab\u000Bverticale\u007F';

/** A word of `n` characters with no space and no repetition a compressor or hyphenator could use. */
export function longWord(n: number, start = 'Parola'): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let s = start;
  for (let i = 0; s.length < n; i++) s += letters[(i * 7 + (i >> 3)) % 26];
  return s.slice(0, n);
}

/** Street names as a hostile (or careless) data file could carry them into the municipal street list. */
export const STREETS = {
  img: `<img src=x onerror="window.__pwned='street'">`,
  svg: `"><svg onload="window.__pwned='street-svg'">`,
  script: `<script>window.__pwned='street-script'</script>`,
  sql: `dell'Orto'; DROP TABLE street; --`,
  template: "${window.__pwned='street-tpl'} {{7*7}}",
  rtl: 'dei \u202Eitnop\u202C Ponti',
  zeroWidth: 'degli Zero\u200BWidth\u200DJoiner\uFEFFBom',
  emoji: '🚧 dei Lavori 👩‍👩‍👧‍👦 🇮🇹',
  combining: 'di Ca\u0301nova Z\u0335\u0321a\u0336l\u0337go',
  long: longWord(10_000, 'Lunghissima'),
};
/** The name as the importer shows it: the street type, then the name as written (mixed case kept). */
export const shownName = (name: string) => `Via ${name.replace(/\s+/g, ' ').trim()}`;

/** Every markup payload, one per line. */
export const MARKUP = [IMG, SCRIPT, SVG, JS_URL, ANCHOR, IFRAME].join('\n');
export const FRAGMENTS = [ENTITIES, SQL_DROP, SQL_OR, TEMPLATE].join('\n');
export const UNICODE = [RTL, ZERO_WIDTH, COMBINING, EMOJI, RTL_OPEN].join('\n');

/** Resets the trap and makes dialogs spring it too (a payload may try `alert`). */
export function setTrap() {
  delete window.__pwned;
  for (const name of ['alert', 'confirm', 'prompt'] as const) {
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      window.__pwned = `${name}(${args.join(',')})`;
    };
  }
}

/** Gives a late `onerror`/`onload` its chance to run, then checks that nothing did. */
export async function expectTrapUntouched() {
  await new Promise((r) => setTimeout(r, 250));
  expect(window.__pwned, 'a payload ran').to.equal(undefined);
}

/** Every element under `root`, through open shadow roots. */
export function deepElements(root: Element | ShadowRoot): Element[] {
  const out: Element[] = [];
  const visit = (scope: Element | ShadowRoot) => {
    for (const el of scope.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  if (root instanceof Element) {
    out.push(root);
    if (root.shadowRoot) visit(root.shadowRoot);
  }
  visit(root);
  return out;
}

/** The text a user would read (and a screen reader be given), through shadow roots; spaces collapsed. */
export function deepText(root: Node): string {
  let s = '';
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) s += node.textContent;
    const el = node as Element;
    if (el.localName === 'style' || el.localName === 'script') return;
    if (el.shadowRoot) for (const c of el.shadowRoot.childNodes) visit(c);
    if (el.localName === 'slot') for (const c of (el as HTMLSlotElement).assignedNodes()) visit(c);
    for (const c of node.childNodes) visit(c);
  };
  visit(root);
  return squash(s);
}

/** As the tests' `text()` does it: whitespace runs (JavaScript's `\s`, which includes U+FEFF) become one space. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text, as typed, must be somewhere in what is shown. */
export function expectShown(root: Node, payload: string, what = 'the payload') {
  const shown = deepText(root);
  for (const line of payload.split('\n')) expect(shown, `${what} not shown literally: ${JSON.stringify(line.slice(0, 80))}`).to.contain(squash(line));
}

const describe = (el: Element) => `<${el.localName}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}>`;

/** Where an element sits: its tag and those of its ancestors, across shadow roots. */
function path(el: Element): string {
  const parts: string[] = [];
  let node: Node | null = el;
  while (node && parts.length < 6) {
    if (node instanceof Element) parts.unshift(describe(node));
    node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode;
  }
  return parts.join(' > ');
}

/** The widget's own SVG icons and charts are decorative: hidden from screen readers, with a size; a payload's `<svg onload>` is neither. */
export const widgetIcon = (svg: Element) => svg.getAttribute('aria-hidden') === 'true' && svg.hasAttribute('width');

/**
 * Nothing from the payloads became markup: no script, frame, plug-in or payload image or SVG, no
 * inline event handler, no `javascript:` link. (The widget itself uses no inline handlers at all.)
 */
export function expectNoInjectedMarkup(root: Element, opts: { svgAllowed?: (svg: Element) => boolean } = { svgAllowed: widgetIcon }) {
  for (const el of deepElements(root)) {
    const name = el.localName;
    expect(['script', 'iframe', 'object', 'embed', 'frame'], `${path(el)} was created`).not.to.include(name);
    if (name === 'img') expect(el.getAttribute('src'), `${path(el)}: an image from the payload`).not.to.equal('x');
    if (name === 'svg') expect(opts.svgAllowed?.(el) ?? false, `${path(el)}: an SVG from the payload`).to.equal(true);
    for (const attr of el.getAttributeNames()) {
      expect(attr.startsWith('on'), `${path(el)} has an inline handler ${attr}`).to.equal(false);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr)) {
        const value = (el.getAttribute(attr) ?? '').replace(/[\u0000-\u0020]/g, '').toLowerCase();
        expect(value.startsWith('javascript:'), `${path(el)} links to ${value}`).to.equal(false);
      }
    }
  }
}

/** Whether an element is a one-pixel, clipped "visually hidden" box (text for screen readers only). */
const visuallyHidden = (el: Element) => {
  const s = getComputedStyle(el);
  return s.position === 'absolute' && (s.clip !== 'auto' || s.clipPath !== 'none') && el.getBoundingClientRect().width <= 1;
};

/** Whether the element or one of its ancestors (up to `host`) is visually hidden: clipped to nothing, so it cannot overflow. */
function insideVisuallyHidden(el: Element, host: Element): boolean {
  for (let node: Node | null = el; node && node !== host; node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode) {
    if (node instanceof Element && visuallyHidden(node)) return true;
  }
  return false;
}

/**
 * The layout holds: the page does not scroll sideways, no box inside `host` reaches past it, and no
 * block's content overflows it (a long word that does not wrap would). Form controls scroll their
 * own text, and the map clips its own panes: both are left out.
 */
export function expectLayoutHolds(host: HTMLElement, what: string) {
  const hostBox = host.getBoundingClientRect();
  expect(document.documentElement.scrollWidth, `${what}: the page scrolls sideways`).to.be.at.most(window.innerWidth);
  expect(host.scrollWidth, `${what}: the element is wider than its box`).to.be.at.most(host.clientWidth + 1);
  const problems: string[] = [];
  for (const el of deepElements(host)) {
    if (el === host || el.closest('.leaflet-container')) continue;
    if (['input', 'textarea', 'select', 'option', 'style'].includes(el.localName)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (insideVisuallyHidden(el, host)) continue;
    if (box.right > hostBox.right + 1 || box.left < hostBox.left - 1)
      problems.push(`${path(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} outside ${Math.round(hostBox.left)}–${Math.round(hostBox.right)}`);
    else if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      problems.push(`${path(el)} holds content ${el.scrollWidth}px wide in ${el.clientWidth}px`);
  }
  expect(problems, `${what}: the layout broke`).to.deep.equal([]);
}

/** Desktop and phone widths the layout is checked at. */
export const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

export async function atWidth(size: { width: number; height: number }) {
  await setViewport(size);
  // Media queries and ResizeObservers settle on the next frames.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}

/** The viewport web-test-runner starts with, restored after a phone-width check. */
export const DEFAULT_VIEWPORT = { width: 800, height: 600 };

export interface Filing {
  categoryId: number;
  title: string;
  details: string;
  streetId?: number;
  civic?: string;
  location?: { lat: number; lon: number };
  contact?: { name?: string; email?: string; phone?: string };
}

export interface Filed {
  reference: string;
  trackingCode: string;
  sent: Filing;
}

const MUNICIPALITY = 'seravezza';

/**
 * The spam-check fields the widget sends: a form token fetched when the form opens, sent no sooner
 * than the municipality's minimum fill time. (None on a server without form tokens.)
 */
async function antiSpam(base: string): Promise<{ token: string; website: string } | undefined> {
  const res = await fetch(`${base}/api/v1/${MUNICIPALITY}/form-token`, { cache: 'no-store' });
  if (res.status === 404) return undefined;
  const form = (await res.json()) as { token: string; minSeconds: number; challenge: unknown };
  if (form.challenge) throw new Error('these tests file without solving a proof of work');
  if (form.minSeconds > 0) await new Promise((r) => setTimeout(r, form.minSeconds * 1000 + 300));
  return { token: form.token, website: '' };
}

/** POSTs a report as the widget does; answers the HTTP status and body, whatever they are. */
export async function post(base: string, body: Partial<Filing>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1/${MUNICIPALITY}/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ privacyAccepted: true, antiSpam: await antiSpam(base), ...body }),
  });
  return { status: res.status, body: await res.json() };
}

/** Files a report on the server at `base`; throws unless it is accepted. */
export async function fileTo(base: string, body: Filing): Promise<Filed> {
  const { status, body: answer } = await post(base, body);
  if (status !== 201) throw new Error(`filing ${status} ${JSON.stringify(answer)}`);
  return { reference: answer.reference, trackingCode: answer.trackingCode, sent: body };
}

export async function publicDetail<T = any>(base: string, reference: string): Promise<T> {
  const res = await fetch(`${base}/api/v1/${MUNICIPALITY}/reports/${reference}`, { cache: 'no-store' });
  return (await res.json()) as T;
}

/** Near the centre, not on it: each report its own marker. */
export function near(config: { map: { center: { lat: number; lon: number } } }) {
  const { lat, lon } = config.map.center;
  return { lat: lat + (Math.random() - 0.5) * 0.004, lon: lon + (Math.random() - 0.5) * 0.004 };
}

/**
 * Hides the reports the tests filed (staff moderation), so that the other suites, which compare
 * what they see with the newest public reports, find the lists as they expect.
 */
export async function hideReports(base: string, token: string, references: string[]) {
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}/api/v1/${MUNICIPALITY}/admin${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  for (const reference of references) {
    const { version, status } = await call(`/reports/${reference}`);
    if (status === 'hidden') continue;
    await call(`/reports/${reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'hidden', message: 'Prova di iniezione: tolta dal pubblico.', version }),
    });
  }
}

/**
 * A server of its own with `names` imported into the demo's street list (test/widget/hostile-streets-server.mjs):
 * started on the first call, polled until it answers.
 */
export async function startHostileStreetsServer(names: string[], timeout = 150_000): Promise<{ api: string; import: string }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await executeServerCommand<{ ready: boolean; api?: string; import?: string }, { names: string[] }>(
      'segnala-hostile-streets-server',
      { names },
    );
    if (state?.ready) return state as { api: string; import: string };
    if (Date.now() > deadline) throw new Error('the hostile-streets server did not start in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}
