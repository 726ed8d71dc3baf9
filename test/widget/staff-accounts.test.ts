import { expect } from '@open-wc/testing';
import type { Session } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, MUNICIPALITY, adminApi, apiLogin, mountAdmin, resetAdminPage, text, until } from './admin-helpers.ts';

// Issue 15 §6, staff accounts in the console: one's own sessions, a new password by a mailed link,
// two-step login with an authenticator app.
const LOGIN = `${API}/api/v1/${MUNICIPALITY}/admin/login`;

/** A new clerk account made by the demo's admin, and a session of it from the API. */
async function newClerk(label: string, password = 'prima-password-1') {
  const admin = await apiLogin(ADMIN);
  const email = `${label}-${Date.now()}@seravezza.example`;
  const account = await adminApi(admin, '/staff', { method: 'POST', body: JSON.stringify({ email, name: `Prova ${label}`, role: 'staff', departmentIds: [], password }) });
  return { admin, email, password, id: account.id as number };
}

const apiSession = async (email: string, password: string): Promise<Session> =>
  (await fetch(LOGIN, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) })).json();

async function openAccount(el: HTMLElement) {
  const open = await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('header button.account'), 'no "Il mio account"');
  expect(text(open)).to.equal('Il mio account');
  open.click();
  return until(() => el.shadowRoot!.querySelector('segnala-admin-account')?.shadowRoot?.querySelector('form') && el.shadowRoot!.querySelector('segnala-admin-account')!, 'the page did not open');
}

describe('console: my account', () => {
  beforeEach(resetAdminPage);

  it('lists my open sessions, this one marked, and closes another', async () => {
    const { email, password } = await newClerk('sessioni');
    const elsewhere = await apiSession(email, password);
    const here = await apiSession(email, password);
    const el = await mountAdmin({ as: here });
    const view = await openAccount(el);
    const list = await until(() => view.shadowRoot!.querySelector('segnala-admin-account-sessions')?.shadowRoot?.querySelector('ul.sessions') && view.shadowRoot!.querySelector('segnala-admin-account-sessions')!, 'no list of sessions');
    await expect(view).to.be.accessible();
    const root = list.shadowRoot!;
    const items = () => [...root.querySelectorAll('ul.sessions > li')];
    expect(items().length).to.equal(2);
    expect(items().filter((li) => text(li).includes('questa sessione')).length).to.equal(1);
    expect(text(root.querySelector('ul.sessions')!)).to.contain('Chrome');
    const close = root.querySelectorAll<HTMLButtonElement>('button.close-session');
    expect(close.length, 'this session has no "Chiudi"').to.equal(1);
    expect(text(close[0])).to.equal('Chiudi');
    close[0].click();
    await until(() => items().length === 1, 'the closed session is still listed');
    expect(text(root.querySelector('[role=status]')!)).to.contain('Sessione chiusa');
    const me = (s: Session) => fetch(`${API}/api/v1/${MUNICIPALITY}/admin/me`, { headers: { Authorization: `Bearer ${s.token}` } });
    expect((await me(elsewhere)).status, 'the other session ended').to.equal(401);
    expect((await me(here)).status, 'this one stays').to.equal(200);
    expect(root.activeElement ?? null, 'the focus stays in the list').to.not.equal(null);
    await expect(view).to.be.accessible();
  });
});
