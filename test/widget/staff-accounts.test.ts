import { expect, fixture, html } from '@open-wc/testing';
import type { SegnalaAdmin } from '../../widget/admin/segnala-admin.ts';
import type { Session } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, MUNICIPALITY, adminApi, apiLogin, logInThroughForm, mountAdmin, resetAdminPage, setValue, text, until } from './admin-helpers.ts';
import { linksIn, mailArriving } from './mail-helpers.ts';
import { Secret, TOTP } from 'otpauth';

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

/** The console opened on a link's hash, logged out: it shows the page of the link, not the login. */
async function openLink(hash: string) {
  resetAdminPage();
  history.replaceState(null, '', hash);
  return fixture<SegnalaAdmin>(html`<segnala-admin api=${API} municipality=${MUNICIPALITY}></segnala-admin>`);
}

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

describe('console: a new password by a mailed link', () => {
  beforeEach(resetAdminPage);

  it('the admin sends the link from the staff settings; the colleague opens it, sets a new password, and logs in with it', async () => {
    const { admin, email, id } = await newClerk('reset');
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const panel = await until(
      () => el.shadowRoot!.querySelector('segnala-admin-settings')?.shadowRoot?.querySelector('segnala-admin-staff-panel'),
      'no staff panel',
    );
    const row = await until(() => panel.shadowRoot!.querySelector(`tr[data-id="${id}"]`), 'the new account is not listed');
    const send = row.querySelector<HTMLButtonElement>('button.send-reset')!;
    expect(text(send)).to.contain('Invia link per nuova password');
    send.click();
    const status = await until(() => [...panel.shadowRoot!.querySelectorAll('[role=status]')].find((n) => text(n).includes('inviato a')), 'no notice');
    expect(text(status)).to.contain(email);
    await expect(panel).to.be.accessible();

    const mail = await mailArriving(email);
    expect(mail.subject).to.contain('Nuova password');
    const link = linksIn(mail).find((l) => l.includes('#segnala-admin/reset/'))!;
    expect(link, mail.text).to.be.a('string');

    // The colleague, not logged in, opens the link in this same page.
    const console2 = await openLink(new URL(link).hash);
    const page = await until(() => console2.shadowRoot!.querySelector('segnala-admin-password-reset')?.shadowRoot?.querySelector('form') && console2.shadowRoot!.querySelector('segnala-admin-password-reset')!, 'the reset page did not open');
    const root = page.shadowRoot!;
    expect(text(root)).to.contain(email);
    await expect(page).to.be.accessible();
    const input = (f: string) => root.querySelector<HTMLInputElement>(`#reset-${f}`)!;
    const submit = () => root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    setValue(input('next'), 'corta');
    submit();
    await until(() => root.querySelector('#reset-next-error'), 'no error at the field');
    expect(root.activeElement).to.equal(input('next'));
    setValue(input('next'), 'la-mia-nuova-password');
    setValue(input('repeat'), 'la-mia-nuova-passwors');
    submit();
    await until(() => root.querySelector('#reset-repeat-error') && !root.querySelector('#reset-next-error'), 'no error at the repeat');
    expect(root.activeElement).to.equal(input('repeat'));
    setValue(input('repeat'), 'la-mia-nuova-password');
    submit();
    const login = await until(() => console2.shadowRoot!.querySelector('segnala-admin-login'), 'the login did not follow');
    await until(() => login.shadowRoot!.querySelector('[role=status]'), 'no message');
    expect(text(login.shadowRoot!.querySelector('[role=status]')!)).to.contain('Password cambiata');
    expect(location.hash, 'the used link leaves the address bar').to.not.contain('reset');
    expect((await fetch(LOGIN, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'la-mia-nuova-password' }) })).status).to.equal(200);
    expect((await fetch(LOGIN, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'prima-password-1' }) })).status).to.equal(401);

    // Opened again, the link says it no longer works.
    const again = await openLink(new URL(link).hash);
    const page2 = await until(() => again.shadowRoot!.querySelector('segnala-admin-password-reset')?.shadowRoot?.querySelector('[role=alert]') && again.shadowRoot!.querySelector('segnala-admin-password-reset')!, 'no refusal');
    expect(text(page2.shadowRoot!.querySelector('[role=alert]')!)).to.contain('non vale');
  });
});

describe('console: two-step login', () => {
  beforeEach(resetAdminPage);

  /** The code an authenticator app shows for `secret`, `steps` periods from now. */
  const codeOf = (secret: string, steps = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

  it('turned on from my account with the QR code or the key and a code; the next login asks for the code', async () => {
    const { email, password } = await newClerk('totp');
    const el = await mountAdmin({ as: await apiSession(email, password) });
    const view = await openAccount(el);
    const part = await until(() => view.shadowRoot!.querySelector('segnala-admin-account-totp')?.shadowRoot?.querySelector('button.totp-on') && view.shadowRoot!.querySelector('segnala-admin-account-totp')!, 'no "Attiva"');
    const root = part.shadowRoot!;
    root.querySelector<HTMLButtonElement>('button.totp-on')!.click();
    const key = await until(() => root.querySelector('.totp-secret'), 'no key shown');
    expect(root.querySelector('svg[role=img]')!.getAttribute('aria-label')).to.contain('QR');
    const secret = text(key).replace(/\s/g, '');
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    await expect(view).to.be.accessible();
    const code = root.querySelector<HTMLInputElement>('#totp-code')!;
    const confirm = () => root.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    setValue(code, '12');
    confirm();
    await until(() => root.querySelector('#totp-code-error'), 'no error at the field');
    expect(root.activeElement).to.equal(code);
    setValue(code, codeOf(secret));
    confirm();
    await until(() => text(root.querySelector('[role=status]')!).includes('attivata'), 'not turned on');
    expect(root.querySelector('.totp-secret'), 'the key is no longer shown').to.equal(null);
    await expect(view).to.be.accessible();

    // Next login: the password, then the code.
    resetAdminPage();
    const fresh = await mountAdmin();
    const login = await logInThroughForm(fresh, email, password);
    const codeInput = await until(() => login.shadowRoot!.querySelector<HTMLInputElement>('#login-code'), 'no second step');
    expect(text(login.shadowRoot!.querySelector('h2')!)).to.contain('Verifica in due passaggi');
    await expect(login).to.be.accessible();
    setValue(codeInput, '000000');
    login.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => login.shadowRoot!.querySelector('#login-code-error'), 'a wrong code is not told at the field');
    setValue(codeInput, codeOf(secret, 1));
    login.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => fresh.shadowRoot!.querySelector('header button.account'), 'not logged in');
  });

  it('required by the admin: the account links the app at its next login, before it gets in', async () => {
    const { admin, email, password, id } = await newClerk('totp-req');
    await adminApi(admin, `/staff/${id}/totp-required`, { method: 'POST', body: JSON.stringify({ required: true }) });
    const el = await mountAdmin();
    const login = await logInThroughForm(el, email, password);
    const key = await until(() => login.shadowRoot!.querySelector('.totp-secret'), 'no enrolment at login');
    expect(text(login.shadowRoot!)).to.contain('L’amministratore richiede la verifica in due passaggi');
    await expect(login).to.be.accessible();
    setValue(login.shadowRoot!.querySelector<HTMLInputElement>('#login-code')!, codeOf(text(key).replace(/\s/g, '')));
    login.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => el.shadowRoot!.querySelector('header button.account'), 'not logged in');
    const states = await adminApi(admin, '/staff/security');
    expect(states.staff.find((s: { id: number }) => s.id === id)).to.deep.equal({ id, totpEnabled: true, totpRequired: true });
  });
});
