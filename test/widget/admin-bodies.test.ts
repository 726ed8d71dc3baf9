import { expect } from '@open-wc/testing';
import type { Catalog, Session, StaffReport } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, CLERK, MUNICIPALITY, TECNICO_DEPARTMENT, adminApi, apiLogin, fileReport, hideReports, mountAdmin, reportView, resetAdminPage, setValue, text, until } from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

// Issue 15 §5: an admin adds an outside body in the settings; a clerk forwards a report of their
// office to it from the report's page; the history and the public page say so.
const settingsOf = (el: HTMLElement) => el.shadowRoot!.querySelector('segnala-admin-settings')?.shadowRoot ?? null;

describe('console: outside bodies', () => {
  let admin: Session;
  let clerk: Session;
  const stamp = Date.now();
  const filedHere: string[] = [];

  beforeEach(resetAdminPage);
  before(async () => {
    admin = await apiLogin(ADMIN);
    clerk = await apiLogin(CLERK);
  });
  after(async () => hideReports(admin, filedHere));

  it('an admin adds a body in the settings; a clerk forwards a report to it', async () => {
    const catalog = await adminApi<Catalog>(admin, '/catalog');
    const category = catalog.categories.find((c) => c.departmentId === TECNICO_DEPARTMENT && c.active)!;
    const filed = await fileReport({ categoryId: category.id, title: `Inoltro alla prova ${stamp}` });
    filedHere.push(filed.reference);
    const name = `Gas prova ${stamp}`;

    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const panel = await until(() => settingsOf(el)?.querySelector('segnala-admin-bodies-panel')?.shadowRoot?.querySelector('#b-new-name') && settingsOf(el)!.querySelector('segnala-admin-bodies-panel')!, 'no bodies panel');
    const root = panel.shadowRoot!;
    await until(() => !text(root).includes('Caricamento'), 'the bodies did not load');
    await expect(panel).to.be.accessible();
    expect(text(root.querySelector('h3'))).to.equal('Enti esterni');
    // A wrong address: told at the field, the focus on it.
    setValue(root.querySelector<HTMLInputElement>('#b-new-name')!, name);
    setValue(root.querySelector<HTMLInputElement>('#b-new-email')!, 'non-un-indirizzo');
    root.querySelector<HTMLButtonElement>('form.add button[type=submit]')!.click();
    await until(() => root.querySelector('#b-new-email')!.getAttribute('aria-invalid') === 'true', 'no error at the address');
    await until(() => activeElement()?.id === 'b-new-email', 'focus not on the address');
    setValue(root.querySelector<HTMLInputElement>('#b-new-email')!, `reti-${stamp}@gas.example`);
    root.querySelector<HTMLButtonElement>('form.add button[type=submit]')!.click();
    const row = await until(() => [...root.querySelectorAll('tbody tr')].find((r) => r.querySelector<HTMLInputElement>('input[type=text]')?.value === name) ?? null, 'the body is not listed');
    const bodyId = Number(row.getAttribute('data-id'));
    await expect(panel).to.be.accessible();
    const changes = (await adminApi<{ changes: { subject: string; action: string; subjectId: number }[] }>(admin, '/settings-changes?limit=5')).changes;
    expect(changes[0]).to.include({ subject: 'body', action: 'created', subjectId: bodyId });
    el.remove();

    // The clerk, on the report.
    resetAdminPage();
    const clerkEl = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${filed.reference}` });
    const view = await reportView(clerkEl);
    const action = await until(() => view.shadowRoot!.querySelector('segnala-admin-forward-action'), 'no forward action');
    const select = await until(() => [...action.shadowRoot!.querySelectorAll<HTMLOptionElement>('#f-body option')].some((o) => text(o) === name) && action.shadowRoot!.querySelector<HTMLSelectElement>('#f-body'), 'the body is not offered');
    await expect(view).to.be.accessible();
    // Nothing chosen: told at the field.
    action.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => select.getAttribute('aria-invalid') === 'true', 'no error at the body');
    setValue(select, String(bodyId));
    setValue(action.shadowRoot!.querySelector<HTMLTextAreaElement>('#f-message')!, 'Odore di gas in strada.');
    action.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => text(view.shadowRoot!.querySelector('ol.history li')).includes(`Inoltrata a ${name}`), 'the forward is not in the history', 15_000);
    expect(text(view.shadowRoot!.querySelector('ol.history li'))).to.contain('Odore di gas in strada.');
    const report = await adminApi<StaffReport>(clerk, `/reports/${filed.reference}`);
    expect(report.events.some((e) => e.type === 'forward' && e.public)).to.equal(true);
    const pub = await (await fetch(`${API}/api/v1/${MUNICIPALITY}/reports/${filed.reference}`)).json();
    expect(pub.forwardedTo).to.deep.equal({ name });
    expect(JSON.stringify(pub)).not.to.contain('Odore di gas');

    // A clerk may read the bodies but not write them.
    const refused = await fetch(`${API}/api/v1/${MUNICIPALITY}/admin/bodies/${bodyId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${clerk.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(refused.status).to.equal(403);
    // Leave the demo tidy: the test's body retired.
    await adminApi(admin, `/bodies/${bodyId}`, { method: 'PATCH', body: JSON.stringify({ active: false }) });
  });
});
