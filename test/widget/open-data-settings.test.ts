import { expect } from '@open-wc/testing';
import type { Session, Settings } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, MUNICIPALITY, adminApi, apiLogin, mountAdmin, resetAdminPage, text, until } from './admin-helpers.ts';

// Issue 14 §3: the admin turns open data on and off in the settings and copies its stable addresses.
const panelOf = (el: HTMLElement) =>
  el.shadowRoot!.querySelector('segnala-admin-settings')?.shadowRoot?.querySelector('segnala-admin-open-data-panel') ?? null;
const FILES = `${API}/api/v1/${MUNICIPALITY}/open-data/`;

describe('console: open data settings', () => {
  let admin: Session;
  let initial: Settings['municipality'];

  beforeEach(resetAdminPage);
  before(async () => {
    admin = await apiLogin(ADMIN);
    initial = (await adminApi<Settings>(admin, '/settings')).municipality;
  });
  after(async () => {
    // The demo publishes open data: leave it as found.
    await adminApi(admin, '/settings', {
      method: 'PATCH',
      body: JSON.stringify({ openData: initial.openData, openDataLicence: initial.openDataLicence, ipaCode: initial.ipaCode }),
    });
  });

  it('turned off, nothing is published; turned on with a licence and an iPA code, the addresses show and answer', async () => {
    await adminApi(admin, '/settings', { method: 'PATCH', body: JSON.stringify({ openData: false }) });
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const panel = await until(() => panelOf(el)?.shadowRoot?.querySelector('form') && panelOf(el)!, 'no open data panel');
    await expect(panel).to.be.accessible();
    const root = panel.shadowRoot!;
    expect(text(root.querySelector('h3')!)).to.equal('Dati aperti');
    expect(root.querySelector('.urls')).to.equal(null);
    expect(text(root.querySelector('.od-state')!)).to.equal('Non pubblicati.');
    expect((await fetch(`${FILES}segnalazioni.csv`)).status).to.equal(404);

    // A wrong iPA code: told at the field, the focus on it, nothing sent.
    const ipa = root.querySelector<HTMLInputElement>('#od-ipa')!;
    ipa.value = 'c i662!';
    root.querySelector<HTMLInputElement>('#od-publish')!.checked = true;
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => root.querySelector('#od-ipa-error'), 'no error on the iPA code');
    expect(ipa.getAttribute('aria-invalid')).to.equal('true');
    expect(root.activeElement).to.equal(ipa);
    expect((await adminApi<Settings>(admin, '/settings')).municipality.openData).to.equal(false);

    ipa.value = 'C_I662';
    root.querySelector<HTMLSelectElement>('#od-licence')!.value = 'CC0-1.0';
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const list = await until(() => panelOf(el)!.shadowRoot!.querySelector('.urls'), 'the addresses did not show');
    await expect(panelOf(el)!).to.be.accessible();
    const urls = [...list.querySelectorAll('code')].map((c) => text(c));
    expect(urls).to.deep.equal([`${FILES}segnalazioni.csv`, `${FILES}segnalazioni.geojson`, `${FILES}catalogo.rdf`]);
    const saved = (await adminApi<Settings>(admin, '/settings')).municipality;
    expect([saved.openData, saved.openDataLicence, saved.ipaCode]).to.deep.equal([true, 'CC0-1.0', 'c_i662']);
    for (const url of urls) expect((await fetch(url)).status, url).to.equal(200);
    // Each copy button says what it copies.
    const buttons = [...list.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'));
    expect(buttons[0]).to.equal('Copia l’indirizzo: Segnalazioni in CSV');
  });

  it('in English', async () => {
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings', lang: 'en' });
    const panel = await until(() => panelOf(el)?.shadowRoot?.querySelector('form') && panelOf(el)!, 'no open data panel');
    await expect(panel).to.be.accessible();
    expect(text(panel.shadowRoot!.querySelector('h3')!)).to.equal('Open data');
    expect(text(panel.shadowRoot!.querySelector('label[for=od-publish]')!)).to.equal('Publish the reports as open data');
  });
});
