import { expect } from '@open-wc/testing';
import {
  CLERK,
  MUNICIPALITY,
  PASSWORD,
  SESSION_KEY,
  API,
  apiLogin,
  adminApi,
  logInThroughForm,
  loginView,
  mountAdmin,
  queueView,
  resetAdminPage,
  rowsOf,
  text,
  until,
} from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

describe('console: login and session', () => {
  beforeEach(resetAdminPage);

  it('refuses a wrong password, then a good one shows the queue and keeps the token for this tab only', async () => {
    const el = await mountAdmin();
    const login = await loginView(el);
    await expect(el).to.be.accessible();
    await expect(login).to.be.accessible();
    expect(text(login.shadowRoot!.querySelector('h2'))).to.contain('Accesso del personale');

    await logInThroughForm(el, CLERK, 'not-the-password');
    const alert = await until(() => {
      const a = login.shadowRoot!.querySelector('[role=alert]');
      return a && !a.hasAttribute('hidden') && text(a) ? a : null;
    }, 'no error shown');
    expect(text(alert)).to.equal('E-mail o password non corretti.');
    expect(login.shadowRoot!.querySelector('#login-password')!.getAttribute('aria-invalid')).to.equal('true');
    expect(activeElement()?.id).to.equal('login-password');
    await expect(login).to.be.accessible();

    await logInThroughForm(el, CLERK, PASSWORD);
    const queue = await queueView(el);
    expect(rowsOf(queue).length).to.be.greaterThan(0);
    expect(text(el.shadowRoot!.querySelector('header'))).to.contain('Marco Pellegrini');
    // Focus moved to the queue's heading.
    await until(() => activeElement()?.localName === 'h2', 'focus did not move to the queue');
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY)!);
    expect(stored.token).to.be.a('string');
    expect(JSON.stringify({ ...localStorage })).not.to.contain(stored.token);
  });

  it('says how long to wait after too many failed attempts (429)', async () => {
    const email = `nessuno-${Date.now()}@seravezza.example`;
    for (let i = 0; i < 5; i++) {
      await fetch(`${API}/api/v1/${MUNICIPALITY}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'wrong' }),
      });
    }
    const el = await mountAdmin();
    const login = await logInThroughForm(el, email, 'wrong again');
    const alert = await until(() => {
      const a = login.shadowRoot!.querySelector('[role=alert]');
      return a && text(a) ? a : null;
    }, 'no error shown');
    expect(text(alert)).to.match(/^Troppi tentativi falliti: riprova tra 1[45] minuti\.$/);
  });

  it('a stored session survives a reload; logging out forgets it', async () => {
    const session = await apiLogin(CLERK);
    let el = await mountAdmin({ as: session });
    await queueView(el);
    el.remove();
    el = await mountAdmin();
    await queueView(el);
    const logout = [...el.shadowRoot!.querySelectorAll('header button')].find((b) => text(b) === 'Esci') as HTMLButtonElement;
    logout.click();
    const login = await loginView(el);
    await until(() => text(login.shadowRoot!.querySelector('[role=status]')).includes('Sei uscito'), 'logout not confirmed');
    expect(sessionStorage.getItem(SESSION_KEY)).to.equal(null);
    // The token no longer works on the server either.
    await until(async () => (await fetch(`${API}/api/v1/${MUNICIPALITY}/admin/me`, { headers: { Authorization: `Bearer ${session.token}` } })).status === 401, 'token still valid');
  });

  it('a 401 on any call returns to the login with a message', async () => {
    const session = await apiLogin(CLERK);
    const el = await mountAdmin({ as: session });
    const queue = await queueView(el);
    // The session ends elsewhere (expired, or logged out in another tab).
    await adminApi(session, '/logout', { method: 'POST' });
    rowsOf(queue)[0].querySelector('a')!.click();
    const login = await loginView(el);
    await until(() => text(login.shadowRoot!.querySelector('[role=status]')).includes('sessione è scaduta'), 'no expiry message');
    await expect(login).to.be.accessible();
    expect(sessionStorage.getItem(SESSION_KEY)).to.equal(null);
  });
});
