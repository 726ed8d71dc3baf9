import { expect } from '@open-wc/testing';
import { ADMIN, adminApi, apiLogin, fileReport, hideReports } from './admin-helpers.ts';
import { activeElement, api, currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';
import { freshAddress, linksIn, mailArriving } from './mail-helpers.ts';

// Issue 15 §5, end to end through the real mail: a clerk forwards a report to an outside body, the
// body's mail carries a link, the link opens the body's page in the widget (no account), and the
// update it posts shows in the public page, attributed to the body.

const filedHere: string[] = [];

describe('an outside body updates a forwarded report', () => {
  beforeEach(resetPage);
  after(async () => hideReports(await apiLogin(ADMIN), filedHere));

  it('forwarded → the body’s mail → its link opens the page → an update with a status shows publicly as the body’s', async () => {
    const bodyAddress = freshAddress('ente');
    const admin = await apiLogin(ADMIN);
    const body = await adminApi<{ id: number; name: string }>(admin, '/bodies', {
      method: 'POST',
      body: JSON.stringify({ name: `Acquedotto prova ${bodyAddress.slice(5, 13)}`, email: bodyAddress }),
    });
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Perdita d’acqua in prova' });
    filedHere.push(filed.reference);
    const clerk = await apiLogin();
    const { version } = await adminApi<{ version: number }>(clerk, `/reports/${filed.reference}`);
    await adminApi(clerk, `/reports/${filed.reference}/forward`, { method: 'POST', body: JSON.stringify({ bodyId: body.id, message: 'Di vostra competenza.', version }) });

    const mail = await mailArriving(bodyAddress, (m) => m.text.includes(filed.reference));
    expect(mail.text).to.contain('Perdita d’acqua in prova');
    const link = linksIn(mail).find((l) => l.includes('#segnala/link/body_update/'))!;
    expect(link).to.be.a('string');

    history.replaceState(null, '', new URL(link).hash);
    const el = await mountWidget();
    const view = await until(() => (currentView(el)?.localName === 'segnala-link' ? currentView(el) : null), 'the link page did not open');
    const page = await until(() => deep(view, 'segnala-body-update-link'), 'no body page', 10_000);
    await until(() => text(page.shadowRoot!).includes(body.name), 'the body is not named');
    expect(text(page.shadowRoot!)).to.contain(filed.reference);
    expect(text(page.shadowRoot!)).to.contain('Perdita d’acqua in prova');
    await expect(page).to.be.accessible();

    // Nothing typed: said at the field, the focus on it.
    deep<HTMLButtonElement>(page, 'button[type=submit]')!.click();
    await until(() => text(deep(page, '#bu-message-error')).includes('Scrivi'), 'an empty message was not explained');
    expect(activeElement()?.id).to.equal('bu-message');

    const select = deep<HTMLSelectElement>(page, '#bu-status')!;
    select.value = 'in_progress';
    select.dispatchEvent(new Event('change'));
    const area = deep<HTMLTextAreaElement>(page, '#bu-message')!;
    area.value = 'Squadra sul posto domani mattina.';
    area.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(page, 'button[type=submit]')!.click();
    await until(() => text(deep(page, '.notice.success')).includes('In lavorazione'), 'the update was not confirmed', 20_000);
    el.remove();

    // The public page: forwarded to the body, its update in the history under its name.
    history.replaceState(null, '', `#segnala/report/${filed.reference}`);
    const pub = await mountWidget();
    const detail = await until(() => (currentView(pub)?.localName === 'segnala-report-detail' ? currentView(pub) : null), 'no report page');
    await until(() => text(detail.shadowRoot!).includes(`Inoltrata a ${body.name}`), 'no "forwarded to" on the page', 10_000);
    expect(text(detail.shadowRoot!)).to.contain(`Aggiornamento da ${body.name}`);
    expect(text(detail.shadowRoot!)).to.contain('Squadra sul posto domani mattina.');
    pub.remove();
  });

  it('a link that does not work says so, without saying why', async () => {
    history.replaceState(null, '', '#segnala/link/body_update/eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA');
    const el = await mountWidget();
    const view = await until(() => (currentView(el)?.localName === 'segnala-link' ? currentView(el) : null), 'the link page did not open');
    const page = await until(() => deep(view, 'segnala-body-update-link'), 'no body page', 10_000);
    await until(() => text(deep(page, '.notice.error')).includes('Link non valido'), 'no refusal shown');
    expect(deep(page, 'form')).to.equal(null);
    el.remove();
  });
});
