import { expect } from '@open-wc/testing';
import type { Session } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, MUNICIPALITY, TECNICO_DEPARTMENT, adminApi, antiSpamFields, apiLogin, hideReports, mountAdmin, reportView, resetAdminPage, text, until } from './admin-helpers.ts';

// Issue 14 §1: recurring faults and every street, in the console's planning view, against the demo server.

let admin: Session;
const references: string[] = [];
let categoryName = '';

/** Files a report at an exact spot, as the widget does (the helper's fileReport scatters them). */
async function fileAt(categoryId: number, title: string, location: { lat: number; lon: number }) {
  const body = { categoryId, title, details: 'Depositata dai test della pianificazione.', location, privacyAccepted: true, antiSpam: await antiSpamFields() };
  const res = await fetch(`${API}/api/v1/${MUNICIPALITY}/reports`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const answer = await res.json();
  if (res.status !== 201) throw new Error(`filing ${res.status} ${JSON.stringify(answer)}`);
  return answer.reference as string;
}

/** The places panel of the planning view, once both its tables are in. */
async function placesPanel(session: Session) {
  const el = await mountAdmin({ as: session, hash: '#segnala-admin/planning' });
  const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-planning'), 'no planning view');
  const panel = await until(() => view.shadowRoot?.querySelector('segnala-admin-planning-places'), 'no places panel');
  await until(() => panel.shadowRoot?.querySelector('table.places'), 'the recurring faults did not load');
  await until(() => panel.shadowRoot?.querySelector('table.streets-table'), 'the streets did not load');
  return { el, panel, root: panel.shadowRoot! };
}

const streetNames = (root: ShadowRoot) => [...root.querySelectorAll('table.streets-table tbody th')].map((th) => text(th));

describe('planning view: recurring faults and streets', () => {
  before(async function () {
    this.timeout(60_000);
    admin = await apiLogin(ADMIN);
    const catalog = await adminApi<{ categories: { id: number; name: string; departmentId: number; active: boolean }[] }>(admin, '/catalog');
    const category = catalog.categories.find((c) => c.departmentId === TECNICO_DEPARTMENT && c.active)!;
    categoryName = category.name;
    const config = await (await fetch(`${API}/api/v1/${MUNICIPALITY}/config`)).json();
    // Three reports within a few metres of one spot, somewhere off the centre.
    const spot = { lat: config.map.center.lat + 0.0031 + Math.random() * 0.001, lon: config.map.center.lon - 0.0027 - Math.random() * 0.001 };
    const tag = Math.random().toString(36).slice(2, 7);
    for (const [i, [dLat, dLon]] of [[0, 0], [0.00005, 0.00004], [-0.00004, 0.00006]].entries()) {
      references.push(await fileAt(category.id, `Guasto ricorrente ${tag} ${i + 1}`, { lat: spot.lat + dLat, lon: spot.lon + dLon }));
    }
  });
  after(async function () {
    this.timeout(30_000);
    await hideReports(admin, references);
  });
  beforeEach(resetAdminPage);

  it('lists the place where the same fault was reported three times, with a link to each report', async function () {
    this.timeout(40_000);
    const { el, panel, root } = await placesPanel(await apiLogin());
    await expect(panel).to.be.accessible();
    const links = await until(() => {
      const found = references.map((r) => root.querySelector<HTMLAnchorElement>(`table.places a[href$="${r}"]`));
      return found.every(Boolean) ? (found as HTMLAnchorElement[]) : undefined;
    }, 'our three reports are not in the recurring faults');
    // One place holds all three, under the category filed.
    const row = links[0].closest('tr')!;
    expect(links.every((a) => a.closest('tr') === row)).to.equal(true);
    expect(text(row.querySelector('th')!)).to.equal(categoryName);
    expect(Number(text(row.querySelector('td.count')!).replace(/\D.*$/, ''))).to.be.at.least(3);
    expect(text(root.querySelector('table.places caption')!)).to.contain('almeno 3 segnalazioni entro 50 metri');
    // The inputs of N and M are labelled.
    expect(text(root.querySelector('label[for="places-n"]')!)).to.contain('Almeno');
    expect(text(root.querySelector('label[for="places-m"]')!)).to.contain('metri');

    links[1].click();
    const report = await reportView(el);
    expect(location.hash).to.contain(references[1]);
    expect(text(report.shadowRoot!.querySelector('article')!)).to.contain(references[1]);
  });

  it('sorts the streets by a column header, both ways, and downloads them as CSV', async function () {
    this.timeout(40_000);
    const { root } = await placesPanel(await apiLogin());
    const heads = [...root.querySelectorAll<HTMLTableCellElement>('table.streets-table thead th')];
    expect(heads.map((th) => th.getAttribute('aria-sort'))).to.deep.equal(['none', 'descending', 'none', 'none', 'none', 'none']);
    const collator = new Intl.Collator('it', { sensitivity: 'base', numeric: true });

    heads[0].querySelector('button')!.click();
    await until(() => root.querySelector('table.streets-table thead th')?.getAttribute('aria-sort') === 'ascending', 'not sorted by street');
    await until(() => root.querySelector('p.summary[role=status]:not(:empty)') && !text(root.querySelector('section.streets p.summary')!).includes('Caricamento'), 'still loading');
    const names = streetNames(root);
    expect(names.length).to.be.greaterThan(1);
    expect(names).to.deep.equal([...names].sort(collator.compare));

    root.querySelector<HTMLButtonElement>('table.streets-table thead th button')!.click();
    await until(() => root.querySelector('table.streets-table thead th')?.getAttribute('aria-sort') === 'descending', 'not sorted Z to A');
    await until(() => streetNames(root)[0] === names[names.length - 1], 'the rows did not turn round');
    expect(text(root.querySelector('table.streets-table caption')!)).to.contain('decrescente');

    // The download: the CSV the server gives, in the order shown.
    const made: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      made.push(blob);
      return original.call(URL, blob);
    };
    try {
      root.querySelector<HTMLButtonElement>('button.csv')!.click();
      await until(() => made.length > 0, 'no CSV was made');
    } finally {
      URL.createObjectURL = original;
    }
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await made[0].arrayBuffer());
    expect(csv.startsWith('\uFEFFVia,Segnalazioni,Aperte,Scadute,Mediana risoluzione (ore),Guasti ricorrenti\r\n')).to.equal(true);
    const first = csv.split('\r\n')[1];
    expect(first.startsWith(names[names.length - 1]) || first.startsWith(`"${names[names.length - 1]}`)).to.equal(true);
    expect(csv).not.to.match(/@/);
  });
});
