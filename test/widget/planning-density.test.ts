import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { AdminPlanningDensityPanel } from '../../widget/admin/views/planning/density-panel.ts';
import { ADMIN, adminApi, apiLogin, fileReport, hideReports, mountAdmin, resetAdminPage, text, until } from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

// Issue 14 §1: the density map of the console's planning view, against the demo server.

let admin: Session;
let reference: string;
let title: string;
/** The cell of our report at the map's default zoom (14: cells of level 16). */
let cellId: string;

function cellOf(p: { lat: number; lon: number }, level: number) {
  const n = 2 ** level;
  const x = Math.floor(((p.lon + 180) / 360) * n);
  const phi = (p.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
  return `${level}/${x}/${y}`;
}

/** The density panel of the planning view, once its cells are drawn. */
async function densityPanel() {
  const el = await mountAdmin({ as: admin, hash: '#segnala-admin/planning' });
  const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-planning'), 'no planning view');
  const panel = await until(() => view.shadowRoot?.querySelector('segnala-admin-planning-density'), 'no density panel');
  await until(() => panel.shadowRoot?.querySelector(`[data-cell="${cellId}"]`), 'the cells were not drawn');
  return { el, view, panel, root: panel.shadowRoot! };
}

const listLinks = (root: ShadowRoot) => [...root.querySelectorAll<HTMLAnchorElement>('.cell-list li a')];

describe('planning view: the density map', () => {
  before(async () => {
    admin = await apiLogin(ADMIN);
    title = `Densità di prova ${Math.random().toString(36).slice(2, 8)}`;
    ({ reference } = await fileReport({ categoryId: 1, title }));
    const report = await adminApi<{ location: { lat: number; lon: number } }>(admin, `/reports/${reference}`);
    cellId = cellOf(report.location, 16);
  });
  after(() => hideReports(admin, [reference]));
  beforeEach(resetAdminPage);

  it('shades the cells with the server’s legend; a cell clicked lists its reports, each a link to it', async function () {
    this.timeout(30_000);
    const { el, panel, root } = await densityPanel();
    await expect(panel).to.be.accessible();
    // The legend is the server's classes, one swatch each.
    const legend = [...root.querySelectorAll('.legend li')].map((li) => text(li));
    expect(legend.length).to.be.within(1, 5);
    expect(legend[legend.length - 1]).to.match(/\d/);
    expect(text(root.querySelector('.summary')!)).to.match(/segnalazion/);

    const cell = root.querySelector<HTMLElement>(`[data-cell="${cellId}"]`)!;
    expect(cell.getAttribute('role')).to.equal('button');
    expect(text(cell)).to.match(/segnalazion/);
    cell.click();
    await until(() => listLinks(root).length, 'the cell’s reports were not listed');
    expect(cell.classList.contains('selected')).to.equal(true);
    // Newest first: ours, just filed, leads.
    const first = listLinks(root)[0];
    expect(text(first)).to.equal(title);
    expect(activeElement()).to.equal(root.querySelector('#density-list-heading'));
    await expect(panel).to.be.accessible();

    first.click();
    await until(() => el.shadowRoot!.querySelector('segnala-admin-report'), 'the report did not open');
    expect(location.hash).to.equal(`#segnala-admin/report/${encodeURIComponent(reference)}`);

    // Back to the planning view (kept by the console): its map is there again, with its cells.
    history.back();
    await until(() => location.hash === '#segnala-admin/planning', 'no way back');
    await until(() => panel.isConnected && root.querySelector(`[data-cell="${cellId}"]`)?.isConnected, 'the map did not come back');
  });

  it('works from the keyboard: a cell on the map with Enter, and the table of the busiest cells', async function () {
    this.timeout(30_000);
    const { root } = await densityPanel();
    const cell = root.querySelector<HTMLElement>(`[data-cell="${cellId}"]`)!;
    cell.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => listLinks(root).some((a) => text(a) === title), 'Enter on a cell did not list its reports');
    expect(activeElement()).to.equal(root.querySelector('#density-list-heading'));
    root.querySelector<HTMLButtonElement>('.list-head button')!.click();
    await until(() => !root.querySelector('.cell-list'), 'the list did not close');
    expect((activeElement() as HTMLElement).dataset.cell).to.equal(cellId, 'focus goes back to the cell');

    // The table: a caption, headers with scope, the busiest cell first, a named button per row.
    const table = root.querySelector('table.busiest')!;
    expect(text(table.querySelector('caption')!)).to.match(/celle con più segnalazioni/);
    expect([...table.querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    const rows = [...table.querySelectorAll('tbody tr')];
    const counts = rows.map((tr) => Number(text(tr.querySelector('td.num:nth-of-type(2), td:nth-child(3)')!).replace(/\D/g, '')));
    expect(counts).to.deep.equal([...counts].sort((a, b) => b - a));
    const button = rows[0].querySelector('button')!;
    expect(button.getAttribute('aria-label')).to.match(/^Elenca le segnalazioni della cella /);
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => listLinks(root).length, 'the table’s button did not list the reports');
    const heading = root.querySelector('#density-list-heading')!;
    expect(activeElement()).to.equal(heading);
    expect(text(heading)).to.contain(`(${counts[0].toLocaleString('it-IT')})`);
  });

  it('asks again once the map settles after a zoom: finer cells, one request', async function () {
    this.timeout(30_000);
    const { root } = await densityPanel();
    const asked: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/planning/density?')) asked.push(url);
      return realFetch(input, init);
    };
    try {
      root.querySelector<HTMLElement>('.leaflet-control-zoom-in')!.click();
      await until(() => root.querySelector('[data-cell^="17/"]'), 'no finer cells after zooming in');
      expect(root.querySelector('[data-cell^="16/"]')).to.equal(null, 'the old cells are gone');
      expect(asked.length).to.equal(1);
      expect(new URL(asked[0]).searchParams.get('zoom')).to.equal('15');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('asks again when the filters change: a period without reports empties the map and the table', async function () {
    this.timeout(30_000);
    const { panel, root } = await densityPanel();
    const p = panel as AdminPlanningDensityPanel;
    p.filters = { ...p.filters, from: '2001-01-01', to: '2001-01-31' };
    await until(() => !root.querySelector('[data-cell]'), 'the cells stayed');
    await until(() => /Nessuna segnalazione con posizione/.test(text(root.querySelector('.summary')!)), 'no word of an empty map');
    expect(root.querySelector('table.busiest')).to.equal(null);
    await expect(panel).to.be.accessible();
  });
});
