import { expect } from '@open-wc/testing';
import { ADMIN, adminApi, apiLogin, publicApi } from './admin-helpers.ts';
import { API, MUNICIPALITY, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

// Issue 14 §3: the public statistics in the citizen widget, where the municipality publishes open
// data (an admin's setting). Figures as GET /stats gives them; a lazily loaded chunk.

type Session = Awaited<ReturnType<typeof apiLogin>>;
let admin: Session;
let wasPublishing: boolean;

/** Turns open data on or off, and refreshes this browser's copy of the config (cached a minute). */
async function publishOpenData(on: boolean) {
  await adminApi(admin, '/settings', { method: 'PATCH', body: JSON.stringify({ openData: on }) });
  await fetch(`${API}/api/v1/${MUNICIPALITY}/config`, { cache: 'reload' });
}

/** The stats view's chunk, as this page fetched it (a source module under web-test-runner). */
const statsChunkRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => /\/widget\/views\/stats-view/.test(n));

const it_ = new Intl.NumberFormat('it-IT');
/** The totals as their labels and figures: `Ricevute: 136`. */
const totalsOf = (view: HTMLElement) => [...view.shadowRoot!.querySelectorAll('.totals div')].map((d) => `${text(d.querySelector('dt'))}: ${text(d.querySelector('dd'))}`);
const tabs = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => text(a));

describe('the public statistics (view="stats")', () => {
  before(async () => {
    admin = await apiLogin(ADMIN);
    wasPublishing = (await adminApi(admin, '/settings')).municipality.openData;
  });
  after(() => publishOpenData(wasPublishing));
  beforeEach(resetPage);

  it('where the municipality publishes no open data: no tab, and the view says there are no statistics; the first view never fetched its chunk', async () => {
    await publishOpenData(false);
    const el = await mountWidget({ view: 'list' });
    expect(tabs(el)).not.to.include('Statistiche');
    expect(statsChunkRequests(), 'the first view downloaded the statistics').to.deep.equal([]);

    el.navigate({ view: 'stats' });
    const view = await until(() => el.shadowRoot!.querySelector('segnala-stats'), 'the statistics view did not open');
    await until(() => text(deep(view, '.notice')).includes('non pubblica le statistiche'), 'no word that there are no statistics');
    await expect(view).to.be.accessible();
    expect(deep(view, 'table')).to.equal(null);
    expect(statsChunkRequests().length, 'the chunk is fetched when the view opens').to.be.greaterThan(0);
  });

  it('shows the totals, the categories, the months and the streets of GET /stats, each table with its caption', async () => {
    await publishOpenData(true);
    const stats = await publicApi('/stats');
    const el = await mountWidget({ view: 'stats' });
    expect(tabs(el)).to.include('Statistiche');
    expect(el.shadowRoot!.querySelector('nav a[aria-current="page"]')!.textContent).to.contain('Statistiche');
    const view = currentView(el);
    await until(() => deepAll(view, 'table').length >= 2, 'the statistics did not show');
    await expect(view).to.be.accessible();

    const totals = totalsOf(view);
    expect(totals.slice(0, 3)).to.deep.equal([
      `Ricevute: ${it_.format(stats.totals.created)}`,
      `Risolte: ${it_.format(stats.totals.resolved)}`,
      `Aperte ora: ${it_.format(stats.totals.open)}`,
    ]);
    expect(totals[4]).to.match(/^Tempo mediano per la risoluzione: (\d+ (giorni|giorno|ore|ora)|meno di un’ora|–)$/);

    const [byCategory, byMonth, streets] = deepAll(view, 'table');
    expect(text(byCategory.querySelector('caption'))).to.equal('Per tipo di disservizio');
    const rows = [...byCategory.querySelectorAll('tbody tr')];
    expect(rows.length).to.equal(stats.byCategory.length);
    const first = stats.byCategory[0];
    expect(text(rows[0].querySelector('th[scope=row]'))).to.equal(first.name);
    expect([...rows[0].querySelectorAll('td')].slice(0, 3).map((td) => text(td))).to.deep.equal(
      [first.created, first.resolved, first.open].map((n: number) => it_.format(n)),
    );
    // The bars are drawing only: the table's numbers are what a screen reader reads.
    expect(rows[0].querySelector('svg.bar')!.getAttribute('aria-hidden')).to.equal('true');

    expect(text(byMonth.querySelector('caption'))).to.equal('Mese per mese');
    expect(byMonth.querySelectorAll('tbody tr').length).to.equal(12);
    const lastMonth = byMonth.querySelector('tbody tr:last-child')!;
    expect([...lastMonth.querySelectorAll('td')].map((td) => text(td))).to.deep.equal(
      [stats.monthly[11].created, stats.monthly[11].resolved].map((n: number) => it_.format(n)),
    );

    expect(stats.topStreets.length, 'the demo has reports on streets').to.be.greaterThan(0);
    expect(text(streets.querySelector('caption'))).to.equal('Le strade con più segnalazioni');
    expect([...streets.querySelectorAll('tbody th a')].map((a) => text(a))).to.deep.equal(stats.topStreets.map((s: { name: string }) => s.name));
  });

  it('a longer period: 24 months', async () => {
    await publishOpenData(true);
    const el = await mountWidget({ view: 'stats' });
    const view = currentView(el);
    await until(() => deepAll(view, 'table').length >= 2, 'the statistics did not show');
    const select = deep<HTMLSelectElement>(view, 'select')!;
    expect(text(view.shadowRoot!.querySelector(`label[for="${select.id}"]`))).to.equal('Periodo');
    select.value = '24';
    select.dispatchEvent(new Event('change'));
    await until(() => deepAll(view, 'table')[1]?.querySelectorAll('tbody tr').length === 24, 'the 24 months did not show');
  });

  it('a street opens its page in the widget', async () => {
    await publishOpenData(true);
    const el = await mountWidget({ view: 'stats' });
    const view = currentView(el);
    const link = await until(() => deep<HTMLAnchorElement>(view, 'table tbody th a'), 'no street listed');
    const name = text(link);
    expect(link.getAttribute('href')).to.match(/^#segnala\/streets\/\d+$/);
    link.click();
    expect(location.hash).to.equal(link.getAttribute('href'));
    const street = await until(() => el.shadowRoot!.querySelector('segnala-streets'), 'the street page did not open');
    await until(() => text(deep(street, 'h2')).includes(name), 'the street page is not the street’s');
  });

  it('in English, from the link #segnala/stats', async () => {
    await publishOpenData(true);
    history.replaceState(null, '', '#segnala/stats');
    const el = await mountWidget({ lang: 'en' });
    const view = await until(() => el.shadowRoot!.querySelector('segnala-stats'), 'the link did not open the statistics');
    await until(() => deepAll(view, 'table').length >= 2, 'the statistics did not show');
    await expect(view).to.be.accessible();
    expect(tabs(el)).to.include('Statistics');
    expect(text(deep(view, 'h2'))).to.equal('Reports in figures');
    expect(totalsOf(view).join(' | ')).to.match(/^Received: [\d,]+ \| Resolved: [\d,]+ \| Open now: [\d,]+ \| Median time to take in charge: \d+ (days?|hours?) \| Median time to resolve: /);
    expect([...deep(view, 'table')!.querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal([
      'Type of problem',
      'Received',
      'Resolved',
      'Open now',
      'Median time to resolve',
    ]);
  });
});
