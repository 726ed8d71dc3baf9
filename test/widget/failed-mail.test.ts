import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ADMIN, apiLogin, fileReport, mountAdmin, publicApi, resetAdminPage, text, until } from './admin-helpers.ts';
import { freshAddress, mailArriving } from './mail-helpers.ts';

// Issue 15 §6: a notification e-mail the mail server refused for good shows in the console's
// "E-mail non recapitate", a piece loaded when opened, and is sent again from there.
const viewOf = (el: HTMLElement) => el.shadowRoot!.querySelector('segnala-admin-failed-mail');
const reject = (pattern: string | null) => executeServerCommand<boolean, { pattern: string | null }>('mailbox-reject', { pattern });

describe('console: undelivered e-mail', () => {
  beforeEach(resetAdminPage);
  afterEach(() => reject(null));

  it('the refused receipt is listed with its report; "Invia di nuovo" delivers it once the server accepts', async () => {
    const address = freshAddress('rifiutata');
    await reject('^rifiutata-');
    const { categories } = await publicApi<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Prova della posta non recapitata', contact: { email: address } });

    const admin = await apiLogin(ADMIN);
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/mail' });
    const tab = [...el.shadowRoot!.querySelectorAll('nav a')].find((a) => text(a) === 'E-mail non recapitate')!;
    expect(tab.getAttribute('aria-current')).to.equal('page');
    // The server's sender runs every few seconds: "Aggiorna" shows the message once it is set aside.
    const view = await until(() => viewOf(el)?.shadowRoot?.querySelector('h2') && viewOf(el)!, 'the view did not load');
    let row: HTMLTableRowElement | null = null;
    for (let i = 0; i < 60 && !row; i++) {
      row = [...view.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr')].find((r) => text(r).includes(address)) ?? null;
      if (!row) {
        await new Promise((r) => setTimeout(r, 500));
        view.shadowRoot!.querySelector<HTMLButtonElement>('button.refresh')!.click();
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(row, 'the refused receipt is not listed').to.not.equal(null);
    await expect(view).to.be.accessible();
    expect(text(row!)).to.contain('Ricevuta a chi ha segnalato');
    expect(text(row!)).to.contain(filed.reference);
    expect(text(row!)).to.contain('550');

    await reject(null);
    const button = row!.querySelector<HTMLButtonElement>('button')!;
    expect(button.getAttribute('aria-label')).to.equal(`Invia di nuovo a ${address}`);
    button.click();
    await until(() => text(view.shadowRoot!.querySelector('[role=status]')!).includes('Rimessa in coda'), 'no confirmation');
    await until(() => ![...view.shadowRoot!.querySelectorAll('tbody tr')].some((r) => text(r).includes(address)), 'still listed');
    const mail = await mailArriving(address, (m) => /Abbiamo ricevuto/.test(m.subject), 30_000);
    expect(mail.text).to.contain(filed.reference);
  });
});
