import { expect } from '@open-wc/testing';
import type { Session } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, MUNICIPALITY, adminApi, apiLogin, mountAdmin, resetAdminPage, setValue, text, until } from './admin-helpers.ts';

// Issue 15 §6: a clerk changes their own password in the console ("La mia password", a piece
// loaded when opened): mistakes told at the field, the change made, the new password logs in.
describe('console: my password', () => {
  beforeEach(resetAdminPage);

  it('a wrong current password and a mistyped repeat are told at their field; then the change is made', async () => {
    const admin = await apiLogin(ADMIN);
    const email = `clerk-${Date.now()}@seravezza.example`;
    await adminApi(admin, '/staff', { method: 'POST', body: JSON.stringify({ email, name: 'Prova Password', role: 'staff', departmentIds: [], password: 'prima-password-1' }) });
    const session = (await (
      await fetch(`${API}/api/v1/${MUNICIPALITY}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'prima-password-1' }) })
    ).json()) as Session;

    const el = await mountAdmin({ as: session });
    const open = await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('header button.account'), 'no "Il mio account"');
    expect(text(open)).to.equal('Il mio account');
    open.click();
    const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-account')?.shadowRoot?.querySelector('form') && el.shadowRoot!.querySelector('segnala-admin-account')!, 'the page did not open');
    await expect(view).to.be.accessible();
    const root = view.shadowRoot!;
    const input = (f: string) => root.querySelector<HTMLInputElement>(`#pw-${f}`)!;
    const send = () => root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();

    setValue(input('current'), 'prima-password-1');
    setValue(input('next'), 'seconda-password-2');
    setValue(input('repeat'), 'seconda-password-3');
    send();
    await until(() => root.querySelector('#pw-repeat-error'), 'no error on the repeat');
    expect(root.activeElement).to.equal(input('repeat'));

    setValue(input('current'), 'non-la-mia-password');
    setValue(input('repeat'), 'seconda-password-2');
    send();
    await until(() => root.querySelector('#pw-current-error'), 'no error on the current password');
    expect(text(root.querySelector('#pw-current-error')!)).to.contain('Non è la password attuale');
    expect(input('current').getAttribute('aria-invalid')).to.equal('true');
    await expect(view).to.be.accessible();

    setValue(input('current'), 'prima-password-1');
    send();
    await until(() => text(root.querySelector('[role=status]')!) || root.querySelector('[role=alert]'), 'no answer');
    expect(text(root.querySelector('[role=status]')!), text(root.querySelector('[role=alert]') ?? root.querySelector('form')!)).to.contain('Password cambiata');
    expect(input('next').value, 'the form is emptied').to.equal('');
    const login = (password: string) =>
      fetch(`${API}/api/v1/${MUNICIPALITY}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect((await login('seconda-password-2')).status).to.equal(200);
    expect((await login('prima-password-1')).status).to.equal(401);
  });
});
