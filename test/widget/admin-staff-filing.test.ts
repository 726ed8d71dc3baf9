import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CLERK, TECNICO_DEPARTMENT, adminApi, apiLogin, deep, mountAdmin, publicApi, resetAdminPage, setValue, text, until } from './admin-helpers.ts';
import { freshAddress, mailArriving } from './mail-helpers.ts';

// Issue 15 §3: a clerk files a report a citizen phoned in ("Nuova segnalazione", a piece loaded
// when opened): mistakes told at the field, then the reference and the code to read out, the
// receipt with the code in the citizen's mailbox, the report in the queue.
const viewOf = (el: HTMLElement) => el.shadowRoot!.querySelector('segnala-admin-new-report');

describe('console: a report taken by phone', () => {
  beforeEach(resetAdminPage);

  it('a clerk files a phone call with the citizen’s e-mail, reads out the reference and code, and finds it in the queue', async () => {
    const clerk = await apiLogin(CLERK);
    const el = await mountAdmin({ as: clerk });
    const open = await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('header button.new-report'), 'no "Nuova segnalazione"');
    expect(text(open)).to.equal('Nuova segnalazione');
    open.click();
    const view = await until(() => viewOf(el)?.shadowRoot?.querySelector('form') && viewOf(el)!, 'the page did not open');
    expect(location.hash).to.equal('#segnala-admin/new');
    await expect(view).to.be.accessible();
    const root = view.shadowRoot!;
    const control = <T extends HTMLElement>(f: string) => root.querySelector<T>(`#nr-${f}`)!;
    const send = () => root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();

    // Nothing filled: told at the fields, the focus on the first.
    send();
    await until(() => root.querySelector('#nr-channel-error'), 'no error on the channel');
    expect(text(root.querySelector('#nr-channel-error')!)).to.contain('Scegli come è arrivata');
    expect(root.activeElement).to.equal(control('channel'));
    for (const f of ['category', 'title', 'details']) expect(control(f).getAttribute('aria-invalid'), f).to.equal('true');
    expect(deep(view, 'segnala-street-picker', 'input')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(view).to.be.accessible();

    // A category of the clerk's office, so that the report lands in their queue.
    const { categories } = await publicApi<{ categories: { id: number; departmentId: number; name: string }[] }>('/config');
    const category = categories.find((c) => c.departmentId === TECNICO_DEPARTMENT)!;
    const address = freshAddress('telefonata');
    const title = `Lampione spento, telefonata ${Date.now()}`;
    setValue(control<HTMLSelectElement>('channel'), 'phone');
    setValue(control<HTMLSelectElement>('category'), String(category.id));
    setValue(control<HTMLInputElement>('title'), title);
    setValue(control<HTMLTextAreaElement>('details'), 'La signora dice che il lampione davanti al civico 12 è spento da tre sere.');
    const streetInput = deep<HTMLInputElement>(view, 'segnala-street-picker', 'input')!;
    streetInput.focus();
    await sendKeys({ type: 'aurel' });
    const picker = deep(view, 'segnala-street-picker')!;
    await until(() => picker.shadowRoot!.querySelectorAll('[role=option]').length > 0, 'no street suggestions');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await until(() => streetInput.value === 'Via Aurelia', 'street not picked');
    setValue(control<HTMLInputElement>('civic'), '12');
    setValue(control<HTMLInputElement>('name'), 'Lucia Neri');
    // A wrong e-mail is told at its field, the focus there.
    setValue(control<HTMLInputElement>('email'), 'lucia.neri-at-example.org');
    send();
    await until(() => root.querySelector('#nr-email-error'), 'no error on the e-mail');
    expect(root.activeElement).to.equal(control('email'));
    expect(root.querySelector('#nr-channel-error')).to.equal(null);
    setValue(control<HTMLInputElement>('email'), address);
    send();

    // The reference and the code, large, the focus on them, said in the console's live region.
    const done = await until(() => root.querySelector<HTMLElement>('#nr-done'), `not filed: ${text(root.querySelector('[role=alert]') ?? root)}`);
    await until(() => root.activeElement === done, 'the focus is not on the result');
    const reference = text(root.querySelector('[data-reference]')!);
    const code = text(root.querySelector('[data-tracking-code] [aria-hidden=true]')!);
    expect(reference).to.match(/^\d{4}-\d{6}$/);
    expect(code).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect(parseFloat(getComputedStyle(root.querySelector('[data-tracking-code]')!).fontSize)).to.be.at.least(28);
    expect(text(root.querySelector('.filed')!)).to.contain(`inviato anche per e-mail a ${address}`);
    await until(() => text(el.shadowRoot!.querySelector('[aria-live]') ?? el).includes(reference), 'not announced');
    await expect(view).to.be.accessible();

    // The code works on the citizen's tracking page, and came by e-mail.
    const tracked = await publicApi<{ reference: string }>(`/track/${code}`);
    expect(tracked.reference).to.equal(reference);
    const receipt = await mailArriving(address);
    expect(receipt.text).to.contain(code);

    // In the clerk's queue, taken by phone; the link opens it.
    const queue = await adminApi<{ reports: { reference: string; channel: string; departmentId: number }[] }>(clerk, `/reports?q=${encodeURIComponent(reference)}`);
    expect(queue.reports.map((r) => [r.reference, r.channel, r.departmentId])).to.deep.equal([[reference, 'phone', TECNICO_DEPARTMENT]]);
    [...root.querySelectorAll<HTMLAnchorElement>('.filed a')].find((a) => text(a).includes(reference))!.click();
    await until(() => location.hash === `#segnala-admin/report/${reference}`, 'the link did not open the report');
    const report = await until(() => el.shadowRoot!.querySelector('segnala-admin-report'), 'no report view');
    await until(() => text(report.shadowRoot!.querySelector('h2') ?? report) === title, 'the report did not load');
    [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => text(a) === 'Segnalazioni')!.click();
    const queueView = await until(() => el.shadowRoot!.querySelector('segnala-admin-queue'), 'no queue');
    // The report is the office's, given to nobody: where the queue opens on "mine", under "unassigned".
    await until(() => queueView.shadowRoot!.querySelector('table'), 'the queue did not load');
    queueView.shadowRoot!.querySelector<HTMLButtonElement>('button.scope-none')?.click();
    await until(() => text(queueView.shadowRoot!.querySelector('table') ?? queueView).includes(reference), 'not in the queue');
  });
});
