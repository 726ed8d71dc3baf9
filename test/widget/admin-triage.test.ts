import { expect } from '@open-wc/testing';
import { AdminApiError, type QueueItem, type QueuePage, type Session, type StaffReport } from '../../widget/admin/admin-api.ts';
import type { ReportDetail } from '../../widget/api.ts';
import {
  ADMIN,
  CLERK,
  TECNICO_DEPARTMENT,
  adminApi,
  apiLogin,
  mountAdmin,
  publicApi,
  queueView,
  reportView,
  resetAdminPage,
  rowsOf,
  setValue,
  text,
  until,
} from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

let clerk: Session;
let admin: Session;
/** Submitted reports of the clerk's office, each test takes its own. */
let submitted: QueueItem[] = [];

const submittedReport = () => submitted.shift()!;

/** The report page's action forms are elements of their own: a query inside each of them. */
const ACTIONS = 'segnala-admin-status-action, segnala-admin-reply-action, segnala-admin-assign-action, segnala-admin-merge-action';
const inActions = <T extends HTMLElement>(view: Element, selector: string) =>
  [...view.shadowRoot!.querySelectorAll(ACTIONS)].map((a) => a.shadowRoot!.querySelector<T>(selector)).find((e) => e) ?? null;
const byId = <T extends HTMLElement>(view: Element, id: string) => inActions<T>(view, `#${id}`)!;
const successNotice = (view: Element, expected: string) =>
  until(() => text(view.shadowRoot!.querySelector('.notice.success')) === expected, `no notice “${expected}”`);

describe('console: queue and triage', () => {
  before(async () => {
    clerk = await apiLogin(CLERK);
    admin = await apiLogin(ADMIN);
    submitted = (await adminApi<QueuePage>(clerk, '/reports?status=submitted&sort=oldest&limit=50')).reports;
    expect(submitted.length).to.be.greaterThan(3);
  });
  beforeEach(resetAdminPage);

  it('the clerk sees the reports of the Ufficio Tecnico only, all of them with “Carica altre”', async () => {
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    await expect(queue).to.be.accessible();
    const root = queue.shadowRoot!;
    // Staff of one office have no office filter to choose from.
    expect(root.querySelector('#f-department')).to.equal(null);

    setValue(root.querySelector<HTMLSelectElement>('#f-status')!, 'all');
    root.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
    const everything = await adminApi<QueuePage>(admin, '/reports?status=all&limit=200');
    const tecnico = new Set(everything.reports.filter((r) => r.departmentId === TECNICO_DEPARTMENT).map((r) => r.reference));
    expect(tecnico.size).to.be.lessThan(everything.total);
    await until(() => text(root.querySelector('.count')).startsWith(`${tecnico.size} segnalazioni`), 'total not shown');
    expect(rowsOf(queue).length).to.equal(50);
    const more = [...root.querySelectorAll('button')].find((b) => text(b) === 'Carica altre') as HTMLButtonElement;
    more.click();
    await until(() => rowsOf(queue).length === tecnico.size, 'the next page did not load');
    expect(root.querySelector('.more')).to.equal(null);
    const shown = rowsOf(queue).map((tr) => tr.dataset.reference!);
    expect(new Set(shown)).to.deep.equal(tecnico);
    // Keyboard users land on the first new row.
    expect(activeElement()?.closest('tr')?.dataset.reference).to.equal(shown[50]);
  });

  it('filters by text and by overdue; a row shows status as text and symbol, and the overdue badge', async () => {
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    const root = queue.shadowRoot!;
    setValue(root.querySelector<HTMLInputElement>('#f-overdue')!, 'on');
    root.querySelector<HTMLInputElement>('#f-overdue')!.checked = true;
    root.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
    const overdue = await adminApi<QueuePage>(clerk, '/reports?status=open&overdue=true');
    await until(() => rowsOf(queue).length === overdue.reports.length, 'overdue filter not applied');
    for (const tr of rowsOf(queue)) expect(text(tr)).to.contain('In ritardo');
    const first = rowsOf(queue)[0];
    const badge = first.querySelector('.status')!;
    expect(text(badge)).to.match(/^[○◐◑◷✓✕=]\s?\S/);

    const target = submitted[0];
    root.querySelector<HTMLInputElement>('#f-overdue')!.checked = false;
    setValue(root.querySelector<HTMLInputElement>('#f-q')!, target.reference);
    root.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
    await until(() => rowsOf(queue).length === 1 && rowsOf(queue)[0].dataset.reference === target.reference, 'text filter not applied');
    expect(text(rowsOf(queue)[0])).to.contain(target.title);
  });

  it('accepting a new report with a message, then replying, changes what the citizen sees', async () => {
    const target = submittedReport();
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    setValue(queue.shadowRoot!.querySelector<HTMLInputElement>('#f-q')!, target.reference);
    queue.shadowRoot!.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
    await until(() => rowsOf(queue).length === 1, 'not found in the queue');
    rowsOf(queue)[0].querySelector<HTMLElement>('td.ref')!.click();
    const view = await reportView(el);
    await expect(view).to.be.accessible();
    expect(location.hash).to.equal(`#segnala-admin/report/${target.reference}`);
    expect(text(view.shadowRoot!.querySelector('h2'))).to.equal(target.title);
    expect(text(view.shadowRoot!.querySelector('.top .status'))).to.contain('Inviata');

    // Accept = “Presa in carico”, the status the select starts on for a new report.
    const status = byId<HTMLSelectElement>(view, 'a-status');
    expect(status.value).to.equal('accepted');
    const message = `Presa in carico: sopralluogo entro venerdì (${target.reference}).`;
    setValue(byId(view, 'a-message'), message);
    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-status] button[type=submit]')!.click();
    await successNotice(view, 'Stato cambiato: Presa in carico.');
    await until(() => text(view.shadowRoot!.querySelector('.top .status')).includes('Presa in carico'), 'the detail did not reload');
    const latest = view.shadowRoot!.querySelector('ol.history li')!;
    expect(text(latest)).to.contain('Marco Pellegrini');
    expect(text(latest)).to.contain(message);
    expect(text(latest)).to.contain('Pubblico');

    let pub = await publicApi<ReportDetail>(`/reports/${target.reference}`);
    expect(pub.status).to.equal('accepted');
    expect(pub.events.some((e) => e.status === 'accepted' && e.message === message)).to.equal(true);

    const reply = `Il sopralluogo è fissato per lunedì mattina (${target.reference}).`;
    setValue(byId(view, 'a-reply'), reply);
    inActions<HTMLButtonElement>(view, 'button[value=public]')!.click();
    await successNotice(view, 'Risposta pubblicata.');
    await until(() => text(view.shadowRoot!.querySelector('ol.history li')).includes(reply), 'reply not in the history');
    expect(byId<HTMLTextAreaElement>(view, 'a-reply').value).to.equal('');
    pub = await publicApi<ReportDetail>(`/reports/${target.reference}`);
    expect(pub.events.some((e) => e.message === reply)).to.equal(true);
    await expect(view).to.be.accessible();
  });

  it('an internal note is marked internal and never reaches the public', async () => {
    const target = submittedReport();
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${target.reference}` });
    const view = await reportView(el);
    const note = `Nota interna: chiamare il segnalante (${target.reference}).`;
    setValue(byId(view, 'a-reply'), note);
    inActions<HTMLButtonElement>(view, 'button[value=internal]')!.click();
    await successNotice(view, 'Nota interna aggiunta.');
    const item = await until(
      () => [...view.shadowRoot!.querySelectorAll('ol.history li')].find((li) => text(li).includes(note)),
      'note not in the history',
    );
    expect(item.classList.contains('internal')).to.equal(true);
    expect(text(item)).to.contain('Interno');
    const pub = await publicApi<ReportDetail>(`/reports/${target.reference}`);
    expect(JSON.stringify(pub)).not.to.contain('chiamare il segnalante');
  });

  it('a required reason is asked for before sending, tied to its field', async () => {
    const target = submittedReport();
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${target.reference}` });
    const view = await reportView(el);
    setValue(byId(view, 'a-status'), 'rejected');
    await view.shadowRoot!.querySelector('segnala-admin-status-action')!.updateComplete;
    expect(text(inActions(view, 'label[for=a-message]'))).to.contain('Motivazione');
    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-status] button[type=submit]')!.click();
    await until(() => byId(view, 'a-message').getAttribute('aria-invalid') === 'true', 'no error on the reason');
    expect(byId(view, 'a-message').getAttribute('aria-describedby')).to.contain('a-message-error');
    expect(text(byId(view, 'a-message-error'))).to.equal('Scrivi la motivazione.');
    await until(() => activeElement()?.id === 'a-message', 'focus not on the reason');
    await expect(view).to.be.accessible();
    const detail = await adminApi<StaffReport>(clerk, `/reports/${target.reference}`);
    expect(detail.status).to.equal('submitted');
  });

  it('merging and moving check before sending; a refusal naming a field lands on that form', async () => {
    // Nothing here changes the report: any of the submitted ones will do, and stays for the others.
    const target = submitted[submitted.length - 1];
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${target.reference}` });
    const view = await reportView(el);
    const into = byId<HTMLInputElement>(view, 'a-into');
    setValue(into, target.reference);
    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-merge] button[type=submit]')!.click();
    await until(() => activeElement() === into, 'focus not on the reference');
    expect(into.getAttribute('aria-invalid')).to.equal('true');
    expect(into.getAttribute('aria-describedby')).to.equal('a-into-hint a-into-error');
    expect(text(byId(view, 'a-into-error'))).to.equal('Scrivi un numero di segnalazione come 2026-000123, diverso da questa.');

    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-assign] button[type=submit]')!.click();
    await until(() => inActions(view, '#a-assign-error'), 'no error on moving');
    expect(text(byId(view, 'a-assign-error'))).to.equal('Scegli un ufficio o un tipo diverso da quello attuale.');
    await expect(view).to.be.accessible();

    // The server refuses a field (as a 400 would say it): the message goes under the merge field.
    const api = (view as unknown as { ctx: { api: { merge: unknown } } }).ctx.api;
    const merge = api.merge;
    api.merge = () => Promise.reject(new AdminApiError(400, 'validation', 'Dati non validi', [{ field: 'into', message: 'Segnalazione non trovata.' }]));
    try {
      setValue(into, '2026-999999');
      inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-merge] button[type=submit]')!.click();
      await until(() => text(byId(view, 'a-into-error')) === 'Segnalazione non trovata.', 'the refusal is not on the field');
    } finally {
      api.merge = merge;
    }
    expect(view.shadowRoot!.querySelector('.notice.error')).to.equal(null);
    expect(into.value).to.equal('2026-999999');
    expect((await adminApi<StaffReport>(clerk, `/reports/${target.reference}`)).status).to.equal('submitted');
  });

  it('a stale version is refused with a visible “someone else changed it”, and reloading recovers', async () => {
    const target = submittedReport();
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${target.reference}` });
    const view = await reportView(el);
    // Meanwhile, the admin changes the same report in another office.
    const before = await adminApi<StaffReport>(admin, `/reports/${target.reference}`);
    await adminApi(admin, `/reports/${target.reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'in_progress', version: before.version }),
    });
    setValue(byId(view, 'a-message'), 'Presa in carico.');
    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-status] button[type=submit]')!.click();
    const alert = await until(() => view.shadowRoot!.querySelector<HTMLElement>('.conflict[role=alert]'), 'no conflict shown');
    expect(text(alert)).to.contain('Qualcun altro ha modificato questa segnalazione');
    await until(() => activeElement() === alert, 'focus not on the conflict');
    // What the clerk wrote is kept.
    expect(byId<HTMLTextAreaElement>(view, 'a-message').value).to.equal('Presa in carico.');
    await expect(view).to.be.accessible();
    alert.querySelector('button')!.click();
    await until(() => !view.shadowRoot!.querySelector('.conflict'), 'the conflict did not clear');
    await until(() => text(view.shadowRoot!.querySelector('.top .status')).includes('In lavorazione'), 'not reloaded');
    expect(text(view.shadowRoot!.querySelector('ol.history li'))).to.contain('Giulia Bertolucci');
  });

  it('exports the filtered queue as a CSV download', async () => {
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    const blobs: Blob[] = [];
    const names: string[] = [];
    const createObjectURL = URL.createObjectURL;
    const click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (b: Blob) => (blobs.push(b), createObjectURL(b));
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      names.push(this.download);
    };
    try {
      const button = [...queue.shadowRoot!.querySelectorAll('button')].find((b) => text(b).includes('Esporta CSV')) as HTMLButtonElement;
      button.click();
      await until(() => names.length, 'no download');
    } finally {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
    expect(names[0]).to.match(/^segnalazioni-seravezza-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = new Uint8Array(await blobs[0].arrayBuffer());
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split(/\r?\n/);
    expect(lines[0]).to.contain('Numero');
    const open = await adminApi<QueuePage>(clerk, '/reports?status=open&limit=1');
    expect(lines.length - 1).to.equal(open.total);
  });
});
