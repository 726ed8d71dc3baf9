import { expect } from '@open-wc/testing';
import type { Session, Settings } from '../../widget/admin/admin-api.ts';
import { ADMIN, adminApi, apiLogin, mountAdmin, resetAdminPage, setValue, text, until } from './admin-helpers.ts';

// Issue 15 §6: the admin reads who changed what in the settings, in a piece loaded when asked for.
const settingsOf = (el: HTMLElement) => el.shadowRoot!.querySelector('segnala-admin-settings')?.shadowRoot ?? null;
const panelOf = (el: HTMLElement) => settingsOf(el)?.querySelector('segnala-admin-changes-panel') ?? null;

describe('console: the record of changes to the settings', () => {
  let admin: Session;
  let office: Settings['departments'][number];

  beforeEach(resetAdminPage);
  before(async () => {
    admin = await apiLogin(ADMIN);
    office = (await adminApi<Settings>(admin, '/settings')).departments[0];
  });
  after(async () => {
    // Leave the demo's office as found.
    await adminApi(admin, `/departments/${office.id}`, { method: 'PATCH', body: JSON.stringify({ email: office.email }) });
  });

  it('loads on request, lists the latest change first with its author, and shows a change made on the page at once', async () => {
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const root = await until(() => settingsOf(el)?.querySelector('segnala-admin-departments-panel') && settingsOf(el)!, 'no settings page');
    expect(panelOf(el), 'not loaded before it is asked for').to.equal(null);
    const show = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === 'Mostra il registro delle modifiche')!;
    show.click();
    const panel = await until(() => panelOf(el)?.shadowRoot?.querySelector('h3') && panelOf(el)!, 'the record did not open');
    await until(() => !panel.shadowRoot!.querySelector('[role=status]'), 'still loading');
    await expect(panel).to.be.accessible();
    expect(text(panel.shadowRoot!.querySelector('h3')!)).to.equal('Registro delle modifiche');

    // The admin changes the office's e-mail in the offices' table: the record shows it on top.
    const departments = root.querySelector('segnala-admin-departments-panel')!.shadowRoot!;
    const email = `ufficio-${Date.now()}@seravezza.example`;
    setValue(departments.querySelector<HTMLInputElement>(`#d-email-${office.id}`)!, email);
    departments.querySelector<HTMLButtonElement>(`tr[data-id="${office.id}"] button`)!.click();
    const first = await until(() => {
      const row = panel.shadowRoot!.querySelector('tbody tr');
      return row && text(row).includes(email) ? row : null;
    }, 'the change did not appear in the record');
    const cells = [...first.querySelectorAll('td')].map((td) => text(td));
    expect(cells[1]).to.equal(admin.user.name);
    expect(cells[2]).to.equal(`Ufficio ${office.name} modificato`);
    expect(cells[3]).to.contain(`email: ${email}`);
    expect(first.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
    await expect(panel).to.be.accessible();
  });
});
