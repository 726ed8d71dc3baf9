import { expect } from '@open-wc/testing';
import { adminApi, apiLogin, mountAdmin, resetAdminPage, text, until } from './admin-helpers.ts';

interface Office { departmentId: number; name: string; months: { month: string; filed: number }[]; total: { filed: number } }

/** The offices panel of the planning view, once its figures are in. */
async function officesPanel(hash = '#segnala-admin/planning') {
  const session = await apiLogin();
  const el = await mountAdmin({ as: session, hash });
  const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-planning'), 'no planning view');
  const panel = await until(() => view.shadowRoot?.querySelector('segnala-admin-planning-offices'), 'no offices panel');
  await until(() => panel.shadowRoot?.querySelector('article.office, section.offices > p.notice'), 'the offices’ figures did not load');
  await until(() => panel.shadowRoot?.querySelector('section.backlog'), 'the backlog did not load');
  return { session, panel, root: panel.shadowRoot! };
}

// Issue 14 §1: what the offices achieve, in the console's planning view.
describe('planning view: the offices panel', () => {
  beforeEach(resetAdminPage);

  it('shows the clerk’s office with its month-by-month table, the trend in words and the backlog by age', async function () {
    this.timeout(30_000);
    const { session, panel, root } = await officesPanel();
    await expect(panel).to.be.accessible();
    const { offices } = await adminApi<{ offices: Office[] }>(session, '/planning/offices');
    expect(offices.length).to.be.greaterThan(0);
    const office = offices[0];
    const article = root.querySelector<HTMLElement>(`article.office[data-department="${office.departmentId}"]`)!;
    expect(text(article.querySelector('h4')!)).to.equal(office.name);
    const table = article.querySelector('table.months')!;
    expect(text(table.querySelector('caption')!)).to.contain(office.name);
    // One row per month of the default period (the last 12 months: 13 calendar months), then the total.
    expect(table.querySelectorAll('tbody tr').length).to.equal(office.months.length);
    expect(text(table.querySelector('tfoot td')!).replace(/\D/g, '')).to.equal(String(office.total.filed));
    expect(text(article.querySelector('.trend')!)).to.match(/miglioramento|peggioramento|stabile|non calcolabile/);
    // The chart is a picture of the table: hidden from screen readers.
    expect(article.querySelector('svg.shares')!.getAttribute('aria-hidden')).to.equal('true');
    const details = article.querySelector<HTMLDetailsElement>('details.categories')!;
    expect(details.open).to.equal(false);
    expect(details.querySelector('caption')).to.exist;
    const backlog = root.querySelector('section.backlog')!;
    expect(text(backlog)).to.contain('fotografia di oggi');
    const heads = [...backlog.querySelectorAll('table.backlog-offices thead th')].map((th) => text(th));
    expect(heads).to.deep.equal(['Ufficio', '0–7 giorni', '8–30 giorni', '31–90 giorni', 'oltre 90 giorni', 'Totale']);
  });

  it('opens every breakdown to print, and closes them again after', async function () {
    this.timeout(30_000);
    const { root } = await officesPanel();
    window.dispatchEvent(new Event('beforeprint'));
    const all = [...root.querySelectorAll<HTMLDetailsElement>('details')];
    expect(all.length).to.be.greaterThan(0);
    expect(all.every((d) => d.open)).to.equal(true);
    window.dispatchEvent(new Event('afterprint'));
    expect(all.some((d) => d.open)).to.equal(false);
  });
});
