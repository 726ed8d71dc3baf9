// Screenshots of the staff console (demo/admin.html) at desktop (1280 px) and phone (390 px) width,
// into screenshots/ (git-ignored). Runs against a server already listening in demo mode
// (default http://localhost:8080):
//   npm run build && npm start &   then   node test/widget/admin-screenshots.mjs [baseUrl]
// Map tiles are answered locally. CSP violations and console errors are printed.
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
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function open(width, path) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: width < 600 ? 844 : 900, deviceScaleFactor: 1 });
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (/tile\.openstreetmap\.org/.test(req.url())) req.respond({ status: 200, contentType: 'image/png', body: tile });
    else req.continue();
  });
  page.on('console', (msg) => {
    // A wrong password answers 401 on purpose; the browser logs the failed request.
    if (/status of 401/.test(msg.text())) return;
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`${path} @${width}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${path} @${width}: ${err.message}`));
  await page.goto(base + path, { waitUntil: 'networkidle0' });
  return page;
}

async function shot(page, name, width) {
  await pause(400);
  const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), 3000);
  await page.screenshot({ path: `${out}${name}-${width}.png`, clip: { x: 0, y: 0, width, height }, captureBeyondViewport: true });
  console.log(`screenshots/${name}-${width}.png`);
}

/** Runs `fn(consoleShadowRoot)` in the page. */
const inConsole = (page, fn, ...args) =>
  page.evaluate((source, ...a) => new Function('root', 'args', `return (${source})(root, ...args)`)(document.querySelector('segnala-admin').shadowRoot, a), fn.toString(), ...args);

async function logIn(page, email, password) {
  await inConsole(
    page,
    (root, email, password) => {
      const login = root.querySelector('segnala-admin-login').shadowRoot;
      login.querySelector('#login-email').value = email;
      login.querySelector('#login-password').value = password;
      login.querySelector('button[type=submit]').click();
    },
    email,
    password,
  );
  // Logged in (the queue's rows are in) or refused (the error is shown).
  await page.waitForFunction(() => {
    const root = document.querySelector('segnala-admin').shadowRoot;
    const login = root.querySelector('segnala-admin-login');
    if (login) return !!login.shadowRoot.querySelector('[role=alert]:not([hidden])')?.textContent.trim();
    return !!root.querySelector('.view > *');
  }, { timeout: 15_000 });
}

/** Waits until the current view has loaded its data. */
const loaded = (page, selector) =>
  page.waitForFunction(
    (sel) => {
      const view = document.querySelector('segnala-admin').shadowRoot.querySelector('.view > *');
      return !!view?.shadowRoot?.querySelector(sel);
    },
    { timeout: 15_000 },
    selector,
  );

/** Files a report with three photos drawn in the page (the public API, as the widget does); its reference. */
async function reportWithPhotos() {
  const page = await open(1280, '/demo/admin.html');
  const reference = await page.evaluate(async () => {
    const draw = (label, colors, width, height) =>
      new Promise((resolve) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const g = canvas.getContext('2d');
        const gradient = g.createLinearGradient(0, 0, width, height);
        gradient.addColorStop(0, colors[0]);
        gradient.addColorStop(1, colors[1]);
        g.fillStyle = gradient;
        g.fillRect(0, 0, width, height);
        g.fillStyle = '#ffffff';
        g.font = 'bold 64px sans-serif';
        g.fillText(label, 40, 100);
        canvas.toBlob((b) => resolve(new File([b], `${label}.png`, { type: 'image/png' })), 'image/png');
      });
    const base = '/api/v1/seravezza';
    const config = await (await fetch(`${base}/config`)).json();
    // The demo checks filings for spam: a form token, held past the minimum fill time.
    const formToken = await (await fetch(`${base}/form-token`)).json();
    await new Promise((r) => setTimeout(r, formToken.minSeconds * 1000 + 100));
    const form = new FormData();
    form.set('report', JSON.stringify({
      categoryId: config.categories[0].id,
      title: 'Cartello stradale piegato dal vento',
      details: 'Il cartello di stop all’incrocio è piegato verso la strada: chi arriva non lo vede.',
      location: config.map.center,
      privacyAccepted: true,
      antiSpam: { token: formToken.token, website: '' },
    }));
    form.append('photos', await draw('Foto 1', ['#2d6a4f', '#95d5b2'], 1200, 900));
    form.append('photos', await draw('Foto 2', ['#7f4f24', '#ddb892'], 900, 1200));
    form.append('photos', await draw('Foto 3', ['#1d3557', '#a8dadc'], 1200, 800));
    const res = await fetch(`${base}/reports`, { method: 'POST', body: form });
    return (await res.json()).reference;
  });
  await page.close();
  return reference;
}

const photoReference = await reportWithPhotos();

/** A few response templates, as an admin would write them (the demo seed has none); kept if already there. */
async function responseTemplates() {
  const api = `${base}/api/v1/seravezza/admin`;
  const login = await (await fetch(`${api}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'admin@seravezza.example', password: 'segnala-demo' }) })).json();
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` };
  const have = new Set((await (await fetch(`${api}/templates`, { headers })).json()).templates.map((t) => t.title));
  const templates = [
    { title: 'Risolta', status: 'resolved', body: 'La segnalazione {reference} ({category}, {street}) è stata risolta dall’{office}. Grazie per averla inviata: se il problema si ripresenta, ce lo dica rispondendo alla domanda che riceverà.' },
    { title: 'Intervento programmato', status: 'scheduled', body: 'L’intervento per la segnalazione {reference} in {street} è programmato per il {expectedDate}.' },
    { title: 'Presa in carico', status: 'accepted', body: 'La segnalazione {reference} è stata presa in carico dall’{office}: la terremo aggiornata qui.' },
    { title: 'Non di competenza comunale', status: 'rejected', body: 'La segnalazione {reference} riguarda una strada che non è di competenza del Comune: l’abbiamo inoltrata all’ente che la gestisce.' },
  ];
  for (const t of templates.filter((t) => !have.has(t.title))) await fetch(`${api}/templates`, { method: 'POST', headers, body: JSON.stringify(t) });
  await fetch(`${api}/logout`, { method: 'POST', headers });
}
await responseTemplates();

for (const width of [1280, 390]) {
  const page = await open(width, '/demo/admin.html');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload({ waitUntil: 'networkidle0' });
  await logIn(page, 'tecnico@seravezza.example', 'wrong-password');
  await shot(page, '20-admin-login-error', width);
  await logIn(page, 'tecnico@seravezza.example', 'segnala-demo');
  await shot(page, '21-admin-queue', width);
  // "Tutte", two reports ticked: the action for the selection opens above the table.
  await inConsole(page, (root) => root.querySelector('segnala-admin-queue').shadowRoot.querySelector('.scope-all').click());
  await pause(1500);
  await inConsole(page, (root) => {
    const queue = root.querySelector('segnala-admin-queue').shadowRoot;
    for (const box of [...queue.querySelectorAll('td.pick input')].slice(0, 2)) box.click();
  });
  await shot(page, '21b-admin-bulk', width);

  const reference = await inConsole(page, (root) => root.querySelector('segnala-admin-queue').shadowRoot.querySelector('tbody tr').dataset.reference);
  await page.goto(`${base}/demo/admin.html#segnala-admin/report/${reference}`, { waitUntil: 'networkidle0' });
  await loaded(page, 'article h2');
  await shot(page, '22-admin-detail', width);

  // Moderation of the public text: the form filled (a name taken out, a reason), then the page
  // after saving with "Testo originale" opened.
  await inConsole(page, (root, width) => {
    const form = root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-text-action').shadowRoot;
    const set = (id, value) => {
      const c = form.querySelector(`#a-text-${id}`);
      c.value = value;
      c.dispatchEvent(new Event('input', { bubbles: true }));
    };
    set('details', `${form.querySelector('#a-text-details').value.trim()}\nLo ha segnalato anche [nome tolto] del civico accanto (${width}).`);
    set('reason', 'Tolto il nome di un privato, che non deve essere pubblico');
    form.querySelector('form').scrollIntoView();
  }, width);
  await pause(300);
  await page.screenshot({ path: `${out}22b-admin-text-edit-${width}.png` });
  console.log(`screenshots/22b-admin-text-edit-${width}.png`);
  await inConsole(page, (root) =>
    root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-text-action').shadowRoot.querySelector('button[type=submit]').click(),
  );
  await loaded(page, 'segnala-admin-original-text');
  await inConsole(page, (root) => {
    const report = root.querySelector('segnala-admin-report').shadowRoot;
    report.querySelector('segnala-admin-original-text').shadowRoot.querySelector('details').open = true;
    // From the public description down: the new words above the original.
    report.querySelector('p.details').previousElementSibling.scrollIntoView();
  });
  await pause(300);
  await page.screenshot({ path: `${out}22c-admin-text-original-${width}.png` });
  console.log(`screenshots/22c-admin-text-original-${width}.png`);
  await shot(page, '22d-admin-text-edited', width);

  await page.goto(`${base}/demo/admin.html#segnala-admin/stats`, { waitUntil: 'networkidle0' });
  await loaded(page, '.total');
  await shot(page, '23-admin-stats', width);

  await page.goto(`${base}/demo/admin.html#segnala-admin/planning`, { waitUntil: 'networkidle0' });
  await loaded(page, 'segnala-admin-planning-offices');
  // Its panels ask the server on their own once the lazily loaded piece is there.
  await pause(2500);
  await shot(page, '23b-admin-planning', width);

  // Undelivered e-mail (a piece loaded when opened): empty on a fresh demo, whose mail goes nowhere.
  await page.goto(`${base}/demo/admin.html#segnala-admin/mail`, { waitUntil: 'networkidle0' });
  await loaded(page, 'h2');
  await pause(800);
  await shot(page, '23c-admin-mail', width);

  // One's own password (a piece loaded when opened).
  await page.goto(`${base}/demo/admin.html#segnala-admin/account`, { waitUntil: 'networkidle0' });
  await loaded(page, 'form');
  await shot(page, '23d-admin-account', width);

  // A report taken by phone (a piece loaded when opened): sent half filled, the mistakes at their
  // fields; then filed, the reference and the code to read out.
  await page.goto(`${base}/demo/admin.html#segnala-admin/new`, { waitUntil: 'networkidle0' });
  await loaded(page, 'form');
  await inConsole(page, (root) => {
    const form = root.querySelector('segnala-admin-new-report').shadowRoot;
    const set = (id, value) => {
      const c = form.querySelector(`#nr-${id}`);
      c.value = value;
      c.dispatchEvent(new Event('input', { bubbles: true }));
    };
    set('channel', 'phone');
    set('title', 'Lampione spento davanti alla scuola');
    form.querySelector('button[type=submit]').click();
  });
  await pause(300);
  await shot(page, '23e-admin-new-report', width);
  await inConsole(page, (root) => {
    const form = root.querySelector('segnala-admin-new-report').shadowRoot;
    const set = (id, value) => {
      const c = form.querySelector(`#nr-${id}`);
      c.value = value;
      c.dispatchEvent(new Event('input', { bubbles: true }));
    };
    set('category', form.querySelector('#nr-category option[value]:not([value=""])').value);
    set('details', 'La signora al telefono dice che il lampione è spento da tre sere e la strada è buia.');
    set('civic', '12');
    set('name', 'Lucia Neri');
    set('email', 'lucia.neri@example.org');
    set('phone', '0584 123456');
    const street = form.querySelector('segnala-street-picker').shadowRoot.querySelector('input');
    street.value = 'aurel';
    street.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(
    () => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-new-report').shadowRoot.querySelector('segnala-street-picker').shadowRoot.querySelector('[role=option]'),
    { timeout: 15_000 },
  );
  await inConsole(page, (root) => {
    const form = root.querySelector('segnala-admin-new-report').shadowRoot;
    form.querySelector('segnala-street-picker').shadowRoot.querySelector('[role=option]').click();
    setTimeout(() => form.querySelector('button[type=submit]').click(), 100);
  });
  await loaded(page, '#nr-done');
  await shot(page, '23f-admin-new-report-filed', width);

  await inConsole(page, (root) => [...root.querySelectorAll('header button')].pop().click());
  await pause(500);
  await logIn(page, 'admin@seravezza.example', 'segnala-demo');
  await page.goto(`${base}/demo/admin.html#segnala-admin/settings`, { waitUntil: 'networkidle0' });
  await loaded(page, 'segnala-admin-staff-panel');
  await page.waitForFunction(
    () => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-staff-panel').shadowRoot?.querySelector('table.staff'),
    { timeout: 15_000 },
  );
  await shot(page, '24-admin-settings', width);

  // A category's questions and notice (the demo's "Acqua e fognature"), opened from its row.
  await inConsole(page, (root) => {
    const panel = root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-categories-panel').shadowRoot;
    [...panel.querySelectorAll('tr')].find((tr) => tr.querySelector('input')?.value === 'Acqua e fognature').querySelector('button.questions').click();
  });
  await pause(500);
  await inConsole(page, (root) => {
    const panel = root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-categories-panel').shadowRoot;
    panel.querySelector('segnala-admin-category-questions').scrollIntoView();
  });
  await page.screenshot({ path: `${out}24b-admin-category-questions-${width}.png` });
  console.log(`screenshots/24b-admin-category-questions-${width}.png`);

  // The Open311 section, with a key just generated.
  // inConsole sends each function's source to the page: the path is spelled out in each.
  await inConsole(page, (root) =>
    root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-open311-panel').shadowRoot.querySelector('button.generate-key').click(),
  );
  await page.waitForFunction(() => {
    const panel = document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-open311-panel');
    const section = panel.shadowRoot.querySelector('section.open311');
    section.querySelector('.confirm-key button')?.click();
    return !!section.querySelector('.key');
  }, { timeout: 15_000 });
  await inConsole(page, (root) =>
    root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-open311-panel').shadowRoot.querySelector('section.open311').scrollIntoView(),
  );
  await pause(300);
  await page.screenshot({ path: `${out}27-admin-open311-${width}.png` });
  console.log(`screenshots/27-admin-open311-${width}.png`);

  // The record of changes (a piece loaded on request), the new key on top.
  await inConsole(page, (root) =>
    [...root.querySelector('segnala-admin-settings').shadowRoot.querySelectorAll('button')].find((b) => b.textContent.includes('registro delle modifiche')).click(),
  );
  await page.waitForFunction(
    () => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-changes-panel')?.shadowRoot?.querySelector('tbody tr'),
    { timeout: 15_000 },
  );
  await inConsole(page, (root) =>
    root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-changes-panel').scrollIntoView(),
  );
  await pause(300);
  await page.screenshot({ path: `${out}27b-admin-changes-${width}.png` });
  console.log(`screenshots/27b-admin-changes-${width}.png`);

  // Response templates: the settings' panel, then "Usa un modello" on a report, picked and filled.
  await inConsole(page, (root) =>
    root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-templates-panel').shadowRoot.querySelector('section').scrollIntoView(),
  );
  await pause(300);
  await page.screenshot({ path: `${out}27c-admin-templates-${width}.png` });
  console.log(`screenshots/27c-admin-templates-${width}.png`);
  // Outside bodies (issue 15 §5): the settings' panel.
  await inConsole(page, (root) =>
    root.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-bodies-panel').shadowRoot.querySelector('section').scrollIntoView(),
  );
  await pause(300);
  await page.screenshot({ path: `${out}27e-admin-bodies-${width}.png` });
  console.log(`screenshots/27e-admin-bodies-${width}.png`);
  await page.goto(`${base}/demo/admin.html#segnala-admin/report/${reference}`, { waitUntil: 'networkidle0' });
  await loaded(page, 'article h2');
  await inConsole(page, (root) => {
    const select = root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-status-action').shadowRoot.querySelector('#a-status');
    select.value = 'resolved';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForFunction(
    () => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-status-action').shadowRoot.querySelector('segnala-admin-template-picker')?.shadowRoot?.querySelector('select'),
    { timeout: 15_000 },
  );
  await inConsole(page, (root) => {
    const action = root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-status-action').shadowRoot;
    const picker = action.querySelector('segnala-admin-template-picker').shadowRoot.querySelector('select');
    picker.value = picker.options[1].value;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    action.querySelector('form').scrollIntoView();
  });
  await pause(300);
  await page.screenshot({ path: `${out}27d-admin-template-picked-${width}.png` });
  console.log(`screenshots/27d-admin-template-picked-${width}.png`);

  // A report with photos, the second hidden from the public, then one shown large. The waits spell
  // the path out: the demo's CSP forbids building functions from strings in the page.
  await page.goto(`${base}/demo/admin.html#segnala-admin/report/${photoReference}`, { waitUntil: 'networkidle0' });
  await loaded(page, 'segnala-admin-photos');
  const inPhotos = (fn) => page.waitForFunction(fn, { timeout: 15_000 });
  await inPhotos(() => document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-photos').shadowRoot.querySelectorAll('li img').length === 3);
  if (width === 1280) {
    await inConsole(page, (root) => root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-photos').shadowRoot.querySelectorAll('li button.small')[1].click());
    await inPhotos(() => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-photos').shadowRoot.querySelector('li .badge'));
  }
  await shot(page, '26-admin-detail-photos', width);
  await inConsole(page, (root) => root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-photos').shadowRoot.querySelector('li button.thumb').click());
  await inPhotos(() => document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-photos').shadowRoot.querySelector('dialog[open] img')?.complete);
  await pause(300);
  await page.screenshot({ path: `${out}28-admin-photo-large-${width}.png` });
  console.log(`screenshots/28-admin-photo-large-${width}.png`);

  // Outside bodies: "Inoltra a un ente esterno" on a report (BODY_REPORT, forwarded already, shows
  // its history lines too; otherwise the report of the templates above).
  await page.goto(`${base}/demo/admin.html#segnala-admin/report/${process.env.BODY_REPORT ?? reference}`, { waitUntil: 'networkidle0' });
  await loaded(page, 'article h2');
  await page.waitForFunction(
    () => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-forward-action')?.shadowRoot?.querySelector('#f-body option + option'),
    { timeout: 15_000 },
  );
  await inConsole(page, (root) => root.querySelector('segnala-admin-report').shadowRoot.querySelector('segnala-admin-forward-action').scrollIntoView());
  await pause(300);
  await page.screenshot({ path: `${out}27f-admin-forward-${width}.png` });
  console.log(`screenshots/27f-admin-forward-${width}.png`);
  await inConsole(page, (root) => root.querySelector('segnala-admin-report').shadowRoot.querySelector('ol.history').scrollIntoView());
  await pause(300);
  await page.screenshot({ path: `${out}27g-admin-forward-history-${width}.png` });
  console.log(`screenshots/27g-admin-forward-history-${width}.png`);

  await page.goto(`${base}/demo/admin.html?lang=en#segnala-admin/queue`, { waitUntil: 'networkidle0' });
  await loaded(page, 'tbody tr');
  await shot(page, '25-admin-queue-en', width);
  await page.close();
}

// Staff accounts (issue 15 §6): my account with two-step login being set up and my sessions; the
// login's second step for an account whose admin requires it; a reset link that no longer works.
// Fresh accounts each time, so the demo's own stay without two-step login.
async function staffAccount(label, totpRequired) {
  const api = `${base}/api/v1/seravezza/admin`;
  const login = await (await fetch(`${api}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'admin@seravezza.example', password: 'segnala-demo' }) })).json();
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` };
  const email = `${label}-${Date.now()}@seravezza.example`;
  const account = await (await fetch(`${api}/staff`, { method: 'POST', headers, body: JSON.stringify({ email, name: 'Giulia Bertolucci', role: 'staff', departmentIds: [1], password: 'schermate-password-1' }) })).json();
  if (totpRequired) await fetch(`${api}/staff/${account.id}/totp-required`, { method: 'POST', headers, body: JSON.stringify({ required: true }) });
  await fetch(`${api}/logout`, { method: 'POST', headers });
  return email;
}
for (const width of [1280, 390]) {
  const page = await open(width, '/demo/admin.html');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload({ waitUntil: 'networkidle0' });
  await logIn(page, await staffAccount('schermata', false), 'schermate-password-1');
  await page.goto(`${base}/demo/admin.html#segnala-admin/account`, { waitUntil: 'networkidle0' });
  await loaded(page, 'segnala-admin-account-totp');
  const inAccount = (fn) => inConsole(page, fn);
  await page.waitForFunction(() => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-account').shadowRoot.querySelector('segnala-admin-account-totp').shadowRoot.querySelector('button.totp-on'), { timeout: 15_000 });
  await inAccount((root) => root.querySelector('segnala-admin-account').shadowRoot.querySelector('segnala-admin-account-totp').shadowRoot.querySelector('button.totp-on').click());
  await page.waitForFunction(() => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-account').shadowRoot.querySelector('segnala-admin-account-totp').shadowRoot.querySelector('.totp-secret'), { timeout: 15_000 });
  await shot(page, '29-admin-account-totp', width);

  await inConsole(page, (root) => [...root.querySelectorAll('header button')].pop().click());
  await pause(500);
  await inConsole(
    page,
    (root, email) => {
      const login = root.querySelector('segnala-admin-login').shadowRoot;
      login.querySelector('#login-email').value = email;
      login.querySelector('#login-password').value = 'schermate-password-1';
      login.querySelector('button[type=submit]').click();
    },
    await staffAccount('obbligo', true),
  );
  await page.waitForFunction(() => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-login').shadowRoot.querySelector('.totp-secret'), { timeout: 15_000 });
  await shot(page, '29b-admin-login-totp-enrol', width);

  await page.goto(`${base}/demo/admin.html#segnala-admin/reset/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, { waitUntil: 'networkidle0' });
  await page.reload({ waitUntil: 'networkidle0' });
  await page.waitForFunction(() => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-password-reset')?.shadowRoot.querySelector('[role=alert]'), { timeout: 15_000 });
  await shot(page, '29c-admin-reset-link-used', width);

  // The admin's staff accounts: the reset link and two-step login by each account.
  await page.goto(`${base}/demo/admin.html#segnala-admin/settings`, { waitUntil: 'networkidle0' });
  await logIn(page, 'admin@seravezza.example', 'segnala-demo');
  await page.waitForFunction(
    () => !!document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-settings')?.shadowRoot.querySelector('segnala-admin-staff-panel')?.shadowRoot?.querySelector('.totp-state'),
    { timeout: 15_000 },
  );
  const staffPanel = await page.evaluateHandle(() => document.querySelector('segnala-admin').shadowRoot.querySelector('segnala-admin-settings').shadowRoot.querySelector('segnala-admin-staff-panel'));
  await staffPanel.evaluate((el) => el.scrollIntoView());
  await pause(300);
  await staffPanel.screenshot({ path: `${out}29d-admin-staff-security-${width}.png` });
  console.log(`screenshots/29d-admin-staff-security-${width}.png`);
  await page.close();
}

await browser.close();
if (problems.length) {
  console.log('\nProblems seen in the pages:');
  for (const p of problems) console.log('  ' + p);
} else console.log('\nNo console errors, no CSP violations.');
