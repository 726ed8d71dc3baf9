// Screenshots of every view of the widget at desktop (1280 px) and phone (390 px) width, into
// screenshots/ (git-ignored). Runs against a server already listening (default http://localhost:8080):
//   npm run build && npm start &   then   node test/widget/screenshots.mjs [baseUrl]
// Map tiles are answered locally (plain tiles): it works offline. CSP violations and console errors
// are printed: the demo pages run under a strict Content-Security-Policy.
import { mkdir } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';
import { solidPng } from './blank-tile.mjs';

const base = process.argv[2] ?? 'http://localhost:8080';
const out = new URL('../../screenshots/', import.meta.url).pathname;
await mkdir(out, { recursive: true });
const tile = solidPng([233, 237, 228]);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const problems = [];

async function open(width, path) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: width < 600 ? 844 : 900, deviceScaleFactor: 1 });
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (/tile\.openstreetmap\.org/.test(req.url())) req.respond({ status: 200, contentType: 'image/png', body: tile });
    else req.continue();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`${path} @${width}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${path} @${width}: ${err.message}`));
  await page.goto(base + path, { waitUntil: 'networkidle0' });
  return page;
}

/** Runs `fn` in the page with the widget's shadow root helpers. */
const inWidget = (page, fn, ...args) => page.evaluate(fn, ...args);

async function shot(page, name, width) {
  await new Promise((r) => setTimeout(r, 400));
  // Whole page, but at most 2400 px tall: long lists would make unreadable images.
  const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), 2400);
  await page.screenshot({ path: `${out}${name}-${width}.png`, clip: { x: 0, y: 0, width, height }, captureBeyondViewport: true });
  console.log(`screenshots/${name}-${width}.png`);
}

for (const width of [1280, 390]) {
  let page = await open(width, '/demo/');
  await shot(page, '01-map', width);

  const reference = await inWidget(page, () => {
    const w = document.querySelector('segnala-widget');
    const map = w.shadowRoot.querySelector('segnala-report-map');
    return map.shadowRoot.querySelector('.report-item').dataset.reference;
  });
  await page.goto(`${base}/demo/#segnala/report/${reference}`, { waitUntil: 'networkidle0' });
  await shot(page, '02-detail', width);

  await page.goto(`${base}/demo/#segnala/new`, { waitUntil: 'networkidle0' });
  await shot(page, '03-new-step1', width);
  await inWidget(page, () => {
    const nr = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report').shadowRoot;
    nr.querySelector('#f-privacy').click();
    nr.querySelector('button[type=submit]').click();
  });
  await new Promise((r) => setTimeout(r, 300));
  await inWidget(page, () => {
    const nr = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report').shadowRoot;
    nr.querySelector('button[type=submit]').click();
  });
  await shot(page, '04-new-step2-errors', width);
  // A type of problem with a notice and questions (the demo's "Acqua e fognature"), chosen.
  await inWidget(page, () => {
    const nr = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report');
    const select = nr.shadowRoot.querySelector('#f-category');
    select.value = String(nr.ctx.config.categories.find((c) => c.notice && c.questions.length).id);
    select.dispatchEvent(new Event('change'));
  });
  await new Promise((r) => setTimeout(r, 300));
  await inWidget(page, () =>
    document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report').shadowRoot.querySelector('#f-category').scrollIntoView(),
  );
  await page.screenshot({ path: `${out}04b-new-questions-${width}.png` });
  console.log(`screenshots/04b-new-questions-${width}.png`);

  // Fill the form as a user would have, then the summary, the confirmation and tracking.
  await inWidget(page, async () => {
    const nr = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report');
    const api = nr.ctx.api;
    const { streets } = await api.searchStreets('aurelia', 1);
    nr.draft = {
      ...nr.draft,
      street: streets[0],
      civic: '12',
      categoryId: nr.ctx.config.categories[0].id,
      title: 'Lampione spento davanti al 12',
      details: 'Il lampione davanti al civico 12 è spento da tre sere.',
      email: 'maria@example.org',
    };
    nr.errors = {};
    nr.showSummary = false;
    nr.shadowRoot.querySelector('button[type=submit]').click();
  });
  await shot(page, '05-new-step3', width);
  await inWidget(page, () => {
    const nr = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report');
    [...nr.shadowRoot.querySelectorAll('button.primary')].pop().click();
  });
  // The demo's spam check holds a filing until the form has been open a few seconds: wait for the confirmation.
  await page.waitForFunction(
    () => document.querySelector('segnala-widget')?.shadowRoot?.querySelector('segnala-new-report')?.shadowRoot?.querySelector('.reference'),
    { timeout: 15_000 },
  );
  await shot(page, '06-new-done', width);
  await inWidget(page, () => {
    const nr = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-new-report');
    nr.shadowRoot.querySelector('.actions button.primary').click();
  });
  await new Promise((r) => setTimeout(r, 800));
  await shot(page, '07-track', width);

  await page.goto(`${base}/demo/#segnala/streets`, { waitUntil: 'networkidle0' });
  await shot(page, '08-streets', width);
  const busiest = await inWidget(page, () => {
    const sv = document.querySelector('segnala-widget').shadowRoot.querySelector('segnala-streets');
    const link = [...sv.shadowRoot.querySelectorAll('.streets a')].find((a) => a.querySelector('.n.some'));
    link.click();
    return link.getAttribute('href');
  });
  await new Promise((r) => setTimeout(r, 600));
  await shot(page, '08b-street', width);

  await page.goto(`${base}/demo/#segnala/stats`, { waitUntil: 'networkidle0' });
  await new Promise((r) => setTimeout(r, 1000));
  await shot(page, '08c-stats', width);
  await page.close();

  page = await open(width, '/demo/strada.html');
  await shot(page, '09-strada', width);
  await page.close();

  page = await open(width, '/demo/?lang=en');
  await shot(page, '10-map-en', width);
  await page.close();

  // Outside bodies (issue 15 §5): the body's page from its mailed link, and the forwarded report's
  // public page. The link is signed for the demo's key by whoever runs this: BODY_LINK=<token>
  // BODY_REPORT=<reference> (README "Outside bodies"); skipped without them.
  if (process.env.BODY_LINK) {
    page = await open(width, `/demo/#segnala/link/body_update/${process.env.BODY_LINK}`);
    await shot(page, '11-body-link', width);
    await page.goto(`${base}/demo/#segnala/report/${process.env.BODY_REPORT}`, { waitUntil: 'networkidle0' });
    await shot(page, '11b-body-forwarded-detail', width);
    await page.close();
  }
}

await browser.close();
if (problems.length) {
  console.log('\nProblems seen in the pages:');
  for (const p of problems) console.log('  ' + p);
} else console.log('\nNo console errors, no CSP violations.');
