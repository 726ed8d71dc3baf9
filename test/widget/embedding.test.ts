import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { Config } from '../../widget/api.ts';
import { ADMIN, API, MUNICIPALITY, adminApi, antiSpamFields, apiLogin, hideReports, publicApi } from './admin-helpers.ts';
import { TILE, deep } from './helpers.ts';

/**
 * Real embedding: this test page and the Segnala server are two origins, as a municipal site and
 * Segnala are. Chromium itself enforces CORS: reads are open to any site, writes (filing, erasing
 * one's contact data) only from the sites the municipality lists in its settings.
 */
describe('embedding on another site: CORS as the browser enforces it', () => {
  let admin: Session;
  const base = `${API}/api/v1/${MUNICIPALITY}`;
  const filed: string[] = [];
  /** From Node, not from this page: once the page is no longer an allowed origin, its own requests are blocked too. */
  async function setOrigins(allowedOrigins: string[]) {
    const res = await executeServerCommand<{ status: number; body: string }, Record<string, unknown>>('node-fetch', {
      url: `${base}/admin/settings`,
      method: 'PATCH',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ allowedOrigins }),
    });
    expect(res?.status, res?.body).to.equal(200);
  }

  async function file(title: string) {
    const config = await publicApi<Config>('/config');
    const { lat, lon } = config.map.center;
    return fetch(`${base}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `embedding-${Date.now()}-${Math.random().toString(36).slice(2)}` },
      body: JSON.stringify({
        categoryId: config.categories[0].id,
        title,
        details: 'Depositata dal test di incorporamento.',
        location: { lat: lat + 0.002, lon: lon - 0.002 },
        privacyAccepted: true,
        contact: { email: 'incorporamento@example.org' },
        antiSpam: await antiSpamFields(),
      }),
    });
  }

  before(async () => {
    admin = await apiLogin(ADMIN);
    expect(new URL(API).origin, 'the API must be on another origin for this test to mean anything').not.to.equal(location.origin);
  });
  after(async () => {
    await setOrigins(['*']);
    await hideReports(admin, filed);
  });

  it('a site not on the list can read but not file: the browser blocks the request and nothing is written', async () => {
    await setOrigins(['https://www.comune.example.it']);
    expect((await fetch(`${base}/config`)).status).to.equal(200);
    const title = `Da un sito non autorizzato ${Date.now().toString(36)}`;
    let blocked = false;
    try {
      await file(title);
    } catch (err) {
      blocked = err instanceof TypeError;
    }
    expect(blocked, 'the browser refused the cross-origin write').to.equal(true);
    const { reports } = await publicApi<{ reports: { title: string }[] }>(`/reports?status=all&q=${encodeURIComponent(title)}`);
    expect(reports.map((r) => r.title)).not.to.include(title);
  });

  it('a listed site files, and its citizen can erase their contact data from it (DELETE, preflighted)', async () => {
    await setOrigins(['https://www.comune.example.it', location.origin]);
    const res = await file('Da un sito autorizzato');
    expect(res.status).to.equal(201);
    const { reference, trackingCode } = (await res.json()) as { reference: string; trackingCode: string };
    filed.push(reference);
    const erase = await fetch(`${base}/track/${trackingCode}/contact`, { method: 'DELETE' });
    expect(erase.status).to.equal(204);
    const detail = await adminApi<{ contact: { email: string | null } | null }>(admin, `/reports/${reference}`);
    expect(JSON.stringify(detail.contact ?? {})).not.to.contain('incorporamento@example.org');
  });
});

/**
 * The built bundle as a municipal site embeds it: one module script from the Segnala server on a
 * page of another origin, whose CSP lets scripts come from that server only. The entry fetches
 * each view's chunk from next to itself the first time the view opens (needs `npm run build`).
 */
describe('embedding the built bundle under a strict CSP: every view loads its piece', () => {
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => {
    for (const f of frames.splice(0)) f.remove();
  });

  /** A page of its own (a blob: document, this test page's origin) holding one widget. */
  async function embed(attrs: string, scriptSrc = new URL(API).origin, hash = '') {
    const page = `<!doctype html><html lang="it"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="script-src ${scriptSrc}; object-src 'none'; base-uri 'none'">
      </head><body><segnala-widget api="${API}" municipality="${MUNICIPALITY}" tile-url="${TILE}" ${attrs}></segnala-widget>
      <script type="module" src="${API}/widget/segnala-widget.js"></script></body></html>`;
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 1000px; height: 800px';
    frames.push(frame);
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    frame.src = URL.createObjectURL(new Blob([page], { type: 'text/html' })) + hash;
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as Window & typeof globalThis;
    const widget = frame.contentDocument!.querySelector('segnala-widget')!;
    await waitUntil(() => widget.shadowRoot?.querySelector('nav a'), 'the widget did not start', { timeout: 15_000 });
    const chunks = () =>
      win.performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.startsWith(`${API}/widget/chunks/`));
    return { win, widget, chunks };
  }

  /** The entry and the chunks it imports statically: allowed alone, every view's chunk is refused. */
  async function entryOnly() {
    const code = await (await fetch(`${API}/widget/segnala-widget.js`)).text();
    const statics = [...code.matchAll(/\bimport\s*[^"'`()]*?\bfrom\s*"\.\/(chunks\/[^"]+\.js)"/g)].map((m) => `${API}/widget/${m[1]}`);
    return [`${API}/widget/segnala-widget.js`, ...statics].join(' ');
  }

  const tab = (widget: Element, href: string) => widget.shadowRoot!.querySelector<HTMLAnchorElement>(`nav a[href="${href}"]`)!;

  it('opens the map, then each section and a report, each from its own chunk of the Segnala server', async () => {
    const { widget, chunks } = await embed('view="map"');
    await waitUntil(() => deep(widget, 'segnala-report-map', '.leaflet-container'), 'the map did not show', { timeout: 15_000 });
    expect(chunks().some((u) => /\/chunks\/map-[\w-]+\.js$/.test(u)), chunks().join('\n')).to.equal(true);
    for (const [href, tag, heading] of [
      ['#segnala/new', 'segnala-new-report', 'h2'],
      ['#segnala/track', 'segnala-track', 'h2'],
      ['#segnala/streets', 'segnala-streets', 'h2'],
    ] as const) {
      const before = chunks().length;
      tab(widget, href).click();
      await waitUntil(() => deep(widget, tag, heading), `${tag} did not show`, { timeout: 15_000 });
      expect(widget.shadowRoot!.querySelector('[role="alert"]'), `${tag}: no error`).to.equal(null);
      if (tag !== 'segnala-track' && tag !== 'segnala-streets') expect(chunks().length, `${tag} came in a chunk`).to.be.greaterThan(before);
    }
    expect(chunks().some((u) => /\/chunks\/new-report-view-[\w-]+\.js$/.test(u))).to.equal(true);
    expect(chunks().some((u) => /\/chunks\/views-[\w-]+\.js$/.test(u))).to.equal(true);
    tab(widget, '#segnala/map').click();
    await waitUntil(() => deep(widget, 'segnala-report-map', '.report-item .report-title a'), 'no report listed', { timeout: 15_000 });
    deep<HTMLAnchorElement>(widget, 'segnala-report-map', '.report-item .report-title a')!.click();
    await waitUntil(() => deep(widget, 'segnala-report-detail', 'h2'), 'the report did not open', { timeout: 15_000 });
  });

  for (const [lang, message, retry] of [
    ['it', 'Non è stato possibile caricare questa parte del servizio', 'Riprova'],
    ['en', 'This part of the service could not be loaded', 'Try again'],
  ] as const) {
    it(`a view whose chunk cannot load says so with a retry button (${lang}), not a blank widget`, async () => {
      // The page allows the entry only: every view's chunk is refused, as when the server is gone.
      const { widget } = await embed(`view="track" lang="${lang}"`, await entryOnly());
      await waitUntil(() => widget.shadowRoot!.querySelector('[role="alert"]'), 'no message', { timeout: 15_000 });
      const box = widget.shadowRoot!.querySelector('[role="alert"]')!;
      expect(box.textContent).to.contain(message);
      const button = box.querySelector('button')!;
      expect(button.textContent!.trim()).to.equal(retry);
      expect(widget.shadowRoot!.querySelector('nav'), 'the sections stay usable').not.to.equal(null);
      button.click();
      await waitUntil(() => widget.shadowRoot!.querySelector('[role="alert"] button'), 'the retry left nothing', { timeout: 15_000 });
      expect(widget.shadowRoot!.querySelector('.view > *'), 'no half-loaded view').to.equal(null);
    });
  }

  /** Every file the widget can fetch, following its imports, but those matching `refused`. */
  async function allBut(refused: RegExp) {
    const seen = new Set<string>();
    const queue = ['segnala-widget.js'];
    while (queue.length) {
      const name = queue.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const code = await (await fetch(`${API}/widget/${name}`)).text();
      for (const m of code.matchAll(/["'`](\.{1,2}\/[\w./-]+\.js)["'`]/g)) {
        const next = new URL(m[1], `${API}/widget/${name}`).pathname.replace(/^\/widget\//, '');
        if (!refused.test(next)) queue.push(next);
      }
    }
    return [...seen].map((n) => `${API}/widget/${n}`).join(' ');
  }

  it('the outside body’s page whose chunk cannot load says so with a retry, not “Caricamento…” for ever', async () => {
    const scripts = await allBut(/body-update-link-[\w-]+\.js$/);
    expect(scripts).to.contain('link-view-');
    const { widget } = await embed('', scripts, '#segnala/link/body_update/abc.def');
    await waitUntil(() => deep(widget, 'segnala-link', '[role="alert"]'), 'no message', { timeout: 15_000 });
    const alert = deep(widget, 'segnala-link', '[role="alert"]')!;
    expect(alert.textContent).to.contain('Non è stato possibile caricare questa parte del servizio');
    alert.querySelector('button')!.click();
    await waitUntil(() => deep(widget, 'segnala-link', '[role="alert"] button'), 'the retry left nothing', { timeout: 15_000 });
  });

  it('the map whose chunk cannot load says so with a retry inside the map and list view; the list still works', async () => {
    const { widget } = await embed('view="map"', await entryOnly());
    await waitUntil(() => deep(widget, 'segnala-report-map', '[role="alert"] button'), 'no message', { timeout: 15_000 });
    expect(deep(widget, 'segnala-report-map', '[role="alert"]')!.textContent).to.contain('Non è stato possibile caricare questa parte del servizio');
    await waitUntil(() => deep(widget, 'segnala-report-map', '.report-item'), 'the list did not show', { timeout: 15_000 });
  });
});
