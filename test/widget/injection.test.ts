// Hostile text (injection-helpers.ts) through the citizen widget: the server stores it as sent, and
// every view shows it as text with its layout holding. Over 400 lines as one file: the hostile
// reports are filed and answered once (before) for every view to read, and hidden once (after).
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { Config, ReportDetail, ReportSummary } from '../../widget/api.ts';
import type { SegnalaWidget } from '../../widget/segnala-widget.ts';
import { ADMIN, adminApi, apiLogin } from './admin-helpers.ts';
import { API, MUNICIPALITY, TILE, activeElement, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';
import {
  ANCHOR,
  COMBINING,
  CONTROLS,
  DEFAULT_VIEWPORT,
  EMOJI,
  type Filed,
  type Filing,
  FRAGMENTS,
  IMG,
  JS_URL,
  MARKUP,
  PREFIX,
  RTL,
  RTL_OPEN,
  SCRIPT,
  SQL_DROP,
  SQL_OR,
  SVG,
  TEMPLATE,
  UNICODE,
  WIDTHS,
  ZERO_WIDTH,
  atWidth,
  deepText,
  expectLayoutHolds,
  expectNoInjectedMarkup,
  expectShown,
  expectTrapUntouched,
  fileTo,
  hideReports,
  longWord,
  near,
  post,
  publicDetail as detailOf,
  setTrap,
  squash,
  startHostileStreetsServer,
  STREETS,
  shownName,
} from './injection-helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

const filed: Filed[] = [];
const publicDetail = (reference: string, base = API) => detailOf<ReportDetail>(base, reference);

/** Files a report on the shared demo server, remembered to be hidden afterwards; or on another server. */
async function file(body: Filing, base = API): Promise<Filed> {
  const f = await fileTo(base, body);
  if (base === API) filed.push(f);
  return f;
}

const STATUS_MESSAGE = `Presa in carico. ${MARKUP}`;
const PUBLIC_REPLY = `Risposta dell'ufficio: ${FRAGMENTS}\n${UNICODE}`;
const INTERNAL_NOTE = `Nota interna ${IMG} non pubblica`;
const LONG_REPLY = longWord(5000, 'Risposta');

let admin: Session;
let config: Config;
let markup: Filed;
let fragments: Filed;
let unicode: Filed;
let long: Filed;

/** Opens the widget on a report's public page. */
async function openDetail(reference: string, base = API) {
  history.replaceState(null, '', `#segnala/report/${reference}`);
  const el = base === API ? await mountWidget() : await mountOn(base);
  const view = currentView(el) as View;
  await until(() => deep(view, 'article h2'), 'the detail did not load');
  return { el, view };
}

/** The tracking view with a code typed in and sent (the code is never in the URL). */
async function openTracking(code: string) {
  const el = await mountWidget({ view: 'track' });
  const view = currentView(el) as View;
  const input = await until(() => deep<HTMLInputElement>(view, '#code'), 'no code box');
  input.value = code;
  input.dispatchEvent(new Event('input'));
  deep<HTMLButtonElement>(view, 'form button[type=submit]')!.click();
  await until(() => deep(view, '.result h3'), 'no tracking result');
  return { el, view };
}

/** The widget against another server (the one with hostile street names). */
async function mountOn(base: string, view = 'map') {
  const el = await fixture<SegnalaWidget>(
    html`<segnala-widget api=${base} municipality=${MUNICIPALITY} tile-url=${TILE} view=${view}></segnala-widget>`,
  );
  await until(() => el.shadowRoot!.querySelector('.view > *'), 'the widget did not load its config');
  return el;
}

/** Checks inertness, and the layout at desktop and phone width (then back to the default size). */
async function expectSafeEverywhere(el: HTMLElement, what: string, afterResize?: () => Promise<unknown>) {
  expectNoInjectedMarkup(el);
  try {
    for (const size of WIDTHS) {
      await atWidth(size);
      await afterResize?.();
      expectLayoutHolds(el, `${what} at ${size.width}px`);
      expectNoInjectedMarkup(el);
    }
  } finally {
    await setViewport(DEFAULT_VIEWPORT);
  }
  await expectTrapUntouched();
}

/** Asked for when the file starts, so that it boots while the other tests run. */
let hostileServer: ReturnType<typeof startHostileStreetsServer> | undefined;

describe('injection: hostile text in the citizen widget', function () {
  this.timeout(60_000);

  before(async function () {
    this.timeout(60_000);
    hostileServer = startHostileStreetsServer(Object.values(STREETS));
    hostileServer.catch(() => undefined);
    admin = await apiLogin(ADMIN);
    config = (await (await fetch(`${API}/api/v1/${MUNICIPALITY}/config`)).json()) as Config;
    const categoryId = config.categories[0].id;
    const street = (await (await fetch(`${API}/api/v1/${MUNICIPALITY}/streets?q=aurelia&limit=1`)).json()).streets[0];
    [markup, fragments, unicode, long] = await Promise.all([
      file({
        categoryId,
        title: `${PREFIX} ${IMG} ${SVG}`,
        details: `${MARKUP}\n${FRAGMENTS}`,
        streetId: street.id,
        civic: SVG,
        location: near(config),
        contact: { name: IMG },
      }),
      file({
        categoryId,
        title: `${PREFIX} ${SQL_DROP} ${SQL_OR} {{7*7}} \${7*7} &amp; &lt;b&gt;`,
        details: FRAGMENTS,
        streetId: street.id,
        civic: SQL_OR,
        location: near(config),
      }),
      file({
        categoryId,
        title: `${PREFIX} ${RTL} ${EMOJI}`,
        details: UNICODE,
        streetId: street.id,
        civic: RTL_OPEN,
        location: near(config),
      }),
      file({
        categoryId,
        title: longWord(150, PREFIX),
        details: longWord(5000),
        streetId: street.id,
        civic: longWord(100, '1'),
        location: near(config),
      }),
    ]);
    // Staff answer them: a status change with a message, a public reply, an internal note.
    const withVersion = async (ref: string) => (await adminApi<{ version: number }>(admin, `/reports/${ref}`)).version;
    await adminApi(admin, `/reports/${markup.reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'accepted', message: STATUS_MESSAGE, version: await withVersion(markup.reference) }),
    });
    await adminApi(admin, `/reports/${markup.reference}/replies`, { method: 'POST', body: JSON.stringify({ message: PUBLIC_REPLY, internal: false }) });
    await adminApi(admin, `/reports/${markup.reference}/replies`, { method: 'POST', body: JSON.stringify({ message: INTERNAL_NOTE, internal: true }) });
    await adminApi(admin, `/reports/${long.reference}/replies`, { method: 'POST', body: JSON.stringify({ message: LONG_REPLY, internal: false }) });
  });

  after(async function () {
    this.timeout(60_000);
    await setViewport(DEFAULT_VIEWPORT);
    await hideReports(API, admin.token, filed.map((f) => f.reference));
  });

  beforeEach(() => {
    resetPage();
    setTrap();
  });

  afterEach(expectTrapUntouched);

  it('the payloads are live: parsed as HTML they would spring the trap (so the checks below mean something)', async () => {
    const probe = document.createElement('div');
    document.body.append(probe);
    try {
      probe.innerHTML = IMG;
      await until(() => window.__pwned === 'img', 'the <img onerror> payload did not run when parsed as HTML');
      expect(() => expectNoInjectedMarkup(probe)).to.throw(/an image from the payload|inline handler/);
      probe.innerHTML = SVG;
      expect(() => expectNoInjectedMarkup(probe)).to.throw(/SVG|inline handler/);
    } finally {
      probe.remove();
      delete window.__pwned;
    }
  });

  describe('the server', () => {
    it('stores and answers every hostile text exactly as sent, SQL fragments included', async () => {
      for (const f of [markup, fragments, unicode, long]) {
        const d = await publicDetail(f.reference);
        expect(d.title).to.equal(f.sent.title);
        expect(d.details).to.equal(f.sent.details);
        expect(d.civic).to.equal(f.sent.civic);
        // Contact data stays with staff, hostile or not.
        expect(JSON.stringify(d)).not.to.contain('onerror="window.__pwned=\'img\'">"');
      }
      const m = await publicDetail(markup.reference);
      const messages = m.events.map((e) => e.message).filter(Boolean);
      expect(messages).to.include(STATUS_MESSAGE).and.include(PUBLIC_REPLY);
      expect(messages, 'an internal note is public').not.to.include(INTERNAL_NOTE);
      // The table is still there, and the "DROP TABLE" search found nothing it should not.
      const res = await fetch(`${API}/api/v1/${MUNICIPALITY}/reports?q=${encodeURIComponent(SQL_DROP)}&limit=100`, { cache: 'no-store' });
      expect(res.status).to.equal(200);
      const found = ((await res.json()) as { reports: ReportSummary[] }).reports.map((r) => r.reference);
      expect(found).to.include(fragments.reference);
      expect(found.length).to.be.lessThan(10);
      // "' OR 1=1 --" holds no word of three letters or digits for the search index: a plain 400 on q.
      const or = await fetch(`${API}/api/v1/${MUNICIPALITY}/reports?q=${encodeURIComponent(SQL_OR)}&limit=100`, { cache: 'no-store' });
      expect(or.status).to.equal(400);
      expect(JSON.stringify(await or.json())).to.contain('"field":"q"');
    });

    it('refuses what does not fit with a clear 400 naming the field: a 10 000-character word, a title over 150', async () => {
      const categoryId = config.categories[0].id;
      const location = near(config);
      const [tooLong, title] = await Promise.all([
        post(API, { categoryId, title: `${PREFIX} troppo lungo`, details: longWord(10_000), location }),
        post(API, { categoryId, title: longWord(151, PREFIX), details: 'x', location }),
      ]);
      expect(tooLong.status).to.equal(400);
      expect(JSON.stringify(tooLong.body.error)).to.contain('details').and.contain('5000');
      expect(title.status).to.equal(400);
      expect(JSON.stringify(title.body.error)).to.contain('title').and.contain('150');
    });

    it('refuses NUL with a clear 400, and stores other control characters cleaned out', async () => {
      const categoryId = config.categories[0].id;
      const nul = await post(API, { categoryId, title: `${PREFIX} nul\u0000`, details: 'x', location: near(config) });
      expect(nul.status).to.equal(400);
      expect(JSON.stringify(nul.body.error)).to.contain('title').and.contain('NUL');

      const f = await file({ categoryId, title: `${PREFIX} ${CONTROLS}`, details: `riga uno\r\n${CONTROLS}\n\triga tre`, civic: `3\u0007`, location: near(config) });
      const d = await publicDetail(f.reference);
      const clean = 'campanello escape[31m rosso tab\nverticale';
      expect(d.title).to.equal(`${PREFIX} ${clean}`);
      expect(d.details).to.equal(`riga uno\r\n${clean}\n\triga tre`);
      expect(d.civic).to.equal('3');
      // Nothing else becomes a control character on the way out either.
      expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(JSON.stringify(d))).to.equal(false);
    });
  });

  it('map and list: hostile titles shown as text, nothing runs, the layout holds', async () => {
    const el = await mountWidget();
    const view = currentView(el) as View;
    await until(() => deepAll(view, '.report-item').some((i) => i.dataset.reference === long.reference), 'the filed reports are not listed');
    for (const f of [markup, fragments, unicode, long]) {
      const item = deepAll(view, '.report-item').find((i) => i.dataset.reference === f.reference)!;
      expect(text(item.querySelector('.report-title')), f.reference).to.equal(squash(f.sent.title));
      expectShown(item, f.sent.civic!, `the civic number of ${f.reference}`);
    }
    await expectSafeEverywhere(el, 'the map and list');

    // The marker of a hostile report: its name is text, inside the map.
    const item = deepAll(view, '.report-item').find((i) => i.dataset.reference === markup.reference)!;
    item.querySelector<HTMLButtonElement>('.show-on-map')!.click();
    const marker = await until(() => {
      const a = activeElement();
      return a?.classList.contains('leaflet-marker-icon') ? a : null;
    }, 'the marker did not get focus');
    expect(text(marker)).to.contain(squash(markup.sent.title));
    expect(marker.querySelectorAll('img, svg, script').length).to.equal(0);
    expectNoInjectedMarkup(el);
  });

  it('a text search with SQL and markup finds the report and shows the query back as typed', async () => {
    const el = await mountWidget();
    const view = currentView(el) as View;
    const q = deep<HTMLInputElement>(view, '#f-q')!;
    q.value = SQL_DROP;
    deep<HTMLButtonElement>(view, 'form.filters button[type=submit]')!.click();
    await until(() => deepAll(view, '.report-item').some((i) => i.dataset.reference === fragments.reference), 'the SQL text search did not find it');
    expect(deep<HTMLInputElement>(view, '#f-q')!.value).to.equal(SQL_DROP);
    q.value = IMG;
    deep<HTMLButtonElement>(view, 'form.filters button[type=submit]')!.click();
    await until(() => {
      const refs = deepAll(view, '.report-item').map((i) => i.dataset.reference);
      return refs.includes(markup.reference) && !refs.includes(fragments.reference);
    }, 'the markup text search did not find it');
    expectNoInjectedMarkup(el);
  });

  for (const which of ['markup', 'fragments', 'unicode', 'long'] as const) {
    it(`report detail (${which}): every field, reply and status message shown as text; layout holds`, async () => {
      const f = { markup, fragments, unicode, long }[which];
      const { el, view } = await openDetail(f.reference);
      expect(text(deep(view, 'article h2'))).to.equal(squash(f.sent.title));
      expect(text(deep(view, '.details'))).to.equal(squash(f.sent.details));
      expectShown(view, f.sent.civic!, 'the civic number');
      // The map's marker carries the title for screen readers, as text.
      const icon = await until(() => view.shadowRoot.querySelector('.leaflet-marker-icon'), 'no marker on the map');
      expect(text(icon)).to.contain(squash(f.sent.title));
      if (f === markup) {
        const quotes = [...view.shadowRoot.querySelectorAll('ol.history blockquote')].map(text);
        expect(quotes).to.include(squash(STATUS_MESSAGE)).and.include(squash(PUBLIC_REPLY));
        expect(deepText(view)).not.to.contain('Nota interna');
      }
      if (f === long) expect([...view.shadowRoot.querySelectorAll('ol.history blockquote')].map(text)).to.include(LONG_REPLY);
      await expectSafeEverywhere(el, `the detail of the ${which} report`);
    });
  }

  it('tracking view: the reporter sees the hostile title, replies and status message as text', async () => {
    for (const f of [markup, long]) {
      fixtureCleanup();
      const { el, view } = await openTracking(f.trackingCode);
      expect(text(deep(view, '.result h3'))).to.equal(squash(f.sent.title));
      const replies = [...view.shadowRoot.querySelectorAll('.reply blockquote')].map(text);
      if (f === markup) expect(replies).to.include(squash(PUBLIC_REPLY)).and.include(squash(STATUS_MESSAGE));
      else expect(replies).to.include(LONG_REPLY);
      expect(deepText(view)).not.to.contain('Nota interna');
      await expectSafeEverywhere(el, `the tracking view of ${f.reference}`);
    }
  });

  it('a report typed into the form: the summary, the confirmation and tracking show it as typed', async () => {
    const title = `${PREFIX} <img src=x onerror=window.__pwned=1> ${SQL_OR} 🚧`;
    const details = `${SCRIPT} ${ANCHOR} ${TEMPLATE} ${ZERO_WIDTH} ${COMBINING} ${JS_URL}`;
    const civic = `"><svg onload=window.__pwned=2>`;
    history.replaceState(null, '', '#segnala/new');
    const el = await mountWidget();
    const view = currentView(el) as View;
    const submit = () => deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    deep<HTMLInputElement>(view, '#f-privacy')!.click();
    submit();
    await until(() => text(deep(view, 'h2')).includes('Passo 2'), 'step 2 not shown');

    const streetInput = deep<HTMLInputElement>(view, 'segnala-street-picker', 'input')!;
    streetInput.focus();
    await sendKeys({ type: 'aurel' });
    const picker = deep(view, 'segnala-street-picker')!;
    await until(() => deepAll(picker, '[role=option]').length > 0, 'no street suggestions');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await until(() => streetInput.value === 'Via Aurelia', 'street not picked');

    const category = deep<HTMLSelectElement>(view, '#f-category')!;
    category.value = String(config.categories[0].id);
    category.dispatchEvent(new Event('change'));
    for (const [id, value] of [['f-civic', civic], ['f-title', title], ['f-details', details]] as const) {
      deep<HTMLInputElement>(view, `#${id}`)!.focus();
      await sendKeys({ type: value });
      expect(deep<HTMLInputElement>(view, `#${id}`)!.value, id).to.equal(value);
    }
    expectNoInjectedMarkup(el);
    submit();

    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'the summary is not shown');
    const summary = deep(view, '.summary')!;
    expectShown(summary, title, 'the title in the summary');
    expectShown(summary, details, 'the details in the summary');
    expectShown(summary, civic, 'the civic number in the summary');
    await expectSafeEverywhere(el, 'the summary');

    const send = deepAll<HTMLButtonElement>(view, 'button').find((b) => text(b) === 'Conferma e invia')!;
    send.click();
    const code = text(await until(() => deep(view, '.code'), 'no confirmation'));
    const reference = text(deep(view, '.reference'));
    filed.push({ reference, trackingCode: code, sent: { categoryId: config.categories[0].id, title, details, civic } });
    const stored = await publicDetail(reference);
    expect(stored.title).to.equal(title);
    expect(stored.details).to.equal(details);
    expect(stored.civic).to.equal(civic);
    await expectSafeEverywhere(el, 'the confirmation');

    fixtureCleanup();
    resetPage();
    const { el: tracked, view: track } = await openTracking(code);
    expect(text(deep(track, '.result h3'))).to.equal(squash(title));
    expectNoInjectedMarkup(tracked);
  });

  describe('street names from the municipal street list', () => {
    let hostileApi: string;
    let streets: { id: number; name: string }[];
    let onImgStreet: Filed;
    let onLongStreet: Filed;

    before(async function () {
      this.timeout(150_000);
      const started = await (hostileServer ?? startHostileStreetsServer(Object.values(STREETS)));
      hostileApi = started.api;
      expect(started.import).to.contain(`new streets:        ${Object.keys(STREETS).length}`);
      streets = (await (await fetch(`${hostileApi}/api/v1/${MUNICIPALITY}/streets/summary`)).json()).streets;
      const byName = (name: string) => streets.find((s) => s.name === shownName(name))!;
      for (const name of Object.values(STREETS)) expect(byName(name), `street ${name.slice(0, 40)} not imported as written`).to.not.equal(undefined);
      const cfg = (await (await fetch(`${hostileApi}/api/v1/${MUNICIPALITY}/config`)).json()) as Config;
      const categoryId = cfg.categories[0].id;
      [onImgStreet, onLongStreet] = await Promise.all([
        file({ categoryId, title: `${PREFIX} su una strada ostile`, details: 'x', streetId: byName(STREETS.img).id, civic: '1' }, hostileApi),
        file({ categoryId, title: `${PREFIX} sulla via lunghissima`, details: 'x', streetId: byName(STREETS.long).id, civic: '2' }, hostileApi),
      ]);
    });

    it('the list of streets shows every name as text, nothing runs, the layout holds', async () => {
      const el = await mountOn(hostileApi, 'streets');
      const view = currentView(el) as View;
      await until(() => view.shadowRoot.querySelectorAll('.streets li').length > 300, 'the streets are not listed');
      const names = [...view.shadowRoot.querySelectorAll('.streets .name')].map(text);
      for (const name of Object.values(STREETS)) expect(names, name.slice(0, 40)).to.include(squash(shownName(name)));
      await expectSafeEverywhere(el, 'the list of streets');
    });

    it('a hostile street’s own page and its reports, with the long name: text, and the layout holds', async () => {
      for (const [report, name] of [[onImgStreet, STREETS.img], [onLongStreet, STREETS.long]] as const) {
        fixtureCleanup();
        const street = streets.find((s) => s.name === shownName(name))!;
        history.replaceState(null, '', `#segnala/streets/${street.id}`);
        const el = await mountOn(hostileApi, 'streets');
        const view = currentView(el) as View;
        await until(() => view.shadowRoot.querySelector(`.report-item[data-reference="${report.reference}"]`), 'the street’s report is not listed');
        // The heading names the street once the street list has loaded, which may come after the reports.
        await until(() => deepText(deep(view, 'h2')!).includes(squash(shownName(name))), 'the street’s name is not in the heading');
        expectShown(deep(view, 'h2')!, shownName(name), 'the street in the heading');
        expectShown(view.shadowRoot.querySelector('.report-item')!, shownName(name), 'the street of the report');
        await expectSafeEverywhere(el, `the page of ${name.slice(0, 20)}`);

        // And the report's public page names the street.
        fixtureCleanup();
        const detail = await openDetail(report.reference, hostileApi);
        expectShown(deep(detail.view, 'dl.facts')!, shownName(name), 'the street in the detail');
        await expectSafeEverywhere(detail.el, `the detail of a report on ${name.slice(0, 20)}`);
      }
    });

    it('the street picker offers and picks hostile names as text; the long one does not widen it', async () => {
      const el = await mountOn(hostileApi, 'map');
      const view = currentView(el) as View;
      const picker = deep(view, 'segnala-street-picker')!;
      const input = deep<HTMLInputElement>(picker, 'input')!;
      for (const [query, name] of [['onerror', STREETS.img], ['svg onload', STREETS.svg], ['DROP TABLE', STREETS.sql], ['Lunghissima', STREETS.long], ['Lavori', STREETS.emoji]] as const) {
        input.focus();
        input.select();
        await sendKeys({ press: 'Backspace' });
        await sendKeys({ type: query });
        const option = await until(
          () => deepAll(picker, '[role=option]').find((o) => text(o).startsWith(squash(shownName(name)))),
          `no suggestion for ${query}`,
        );
        expectNoInjectedMarkup(el);
        for (const size of WIDTHS) {
          await atWidth(size);
          expectLayoutHolds(el, `the street suggestions for ${query} at ${size.width}px`);
        }
        await setViewport(DEFAULT_VIEWPORT);
        option.click();
        await until(() => input.value === shownName(name), `${query}: the street was not picked`);
        // The filter applies: the report on the <img> street is listed under its name.
        if (name === STREETS.img) {
          // (The console's tests may have filed on that street of this server too.)
          await until(() => {
            const items = deepAll(view, '.report-item');
            return items.some((i) => i.dataset.reference === onImgStreet.reference) && items.every((i) => deepText(i).includes(squash(shownName(name))));
          }, 'the street filter did not list the reports on that street, and only those');
          expectShown(deepAll(view, '.report-item')[0], shownName(name));
        }
        await expectTrapUntouched();
      }
      await expectSafeEverywhere(el, 'the map with the long street picked');
    });
  });
});
