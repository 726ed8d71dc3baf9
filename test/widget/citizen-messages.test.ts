import { expect } from '@open-wc/testing';
import { ADMIN, adminApi, apiLogin, fileReport, hideReports, pngPhoto } from './admin-helpers.ts';
import { activeElement, api, currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';
import { freshAddress, linksIn, mailArriving, type Mail } from './mail-helpers.ts';

// Issue 13 §1, end to end through the real mail: the office asks the citizen for information
// (waiting_for_citizen), the question arrives by e-mail, its link opens the answer form in the
// widget, and the answer (with a photo) reaches the console with the report back where it was.

interface StaffEvent {
  id: string;
  type: string;
  message?: string;
  public: boolean;
  by: unknown;
  data?: { photos?: string[]; via?: string };
}

async function staffReport(reference: string) {
  return adminApi<{ status: string; version: number; events: StaffEvent[]; photos: { id: string }[] }>(await apiLogin(), `/reports/${reference}`);
}

async function setStatus(reference: string, status: string, message?: string) {
  const session = await apiLogin();
  const { version } = await adminApi<{ version: number }>(session, `/reports/${reference}`);
  await adminApi(session, `/reports/${reference}/status`, { method: 'POST', body: JSON.stringify({ status, message, version }) });
}

/** Picks files as the file chooser does: through the input's FileList, then `change`. */
function attach(form: Element, files: File[]) {
  const input = deep<HTMLInputElement>(form, 'segnala-photo-picker', 'input#pick')!;
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function typeMessage(form: Element, value: string) {
  const area = deep<HTMLTextAreaElement>(form, '#cm-message')!;
  area.value = value;
  area.dispatchEvent(new Event('input'));
}

const isQuestion = (reference: string) => (m: Mail) => m.text.includes(reference) && m.text.includes('#segnala/link/citizen_reply/');

/** What these tests filed, taken off the public list at the end (admin-helpers.ts hideReports). */
const filedHere: string[] = [];

describe('the citizen adds information, the office asks for it', () => {
  beforeEach(resetPage);
  after(async () => hideReports(await apiLogin(ADMIN), filedHere));

  it('staff ask → the mail arrives → its link opens the answer form → the answer with a photo reaches the console, the report back in progress', async () => {
    const reporter = freshAddress('autore');
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Tombino rumoroso in prova', contact: { email: reporter } });
    filedHere.push(filed.reference);
    await setStatus(filed.reference, 'in_progress');
    await setStatus(filed.reference, 'waiting_for_citizen', 'Ci dice il civico più vicino?');

    const question = await mailArriving(reporter, isQuestion(filed.reference));
    expect(question.text).to.contain('Ci dice il civico più vicino?');
    const link = linksIn(question).find((l) => l.includes('#segnala/link/citizen_reply/'))!;
    expect(link).to.be.a('string');

    // Opening the link shows the office's question and the form; nothing changes by opening it.
    history.replaceState(null, '', new URL(link).hash);
    const el = await mountWidget();
    const view = await until(() => (currentView(el)?.localName === 'segnala-link' ? currentView(el) : null), 'the link page did not open');
    const page = await until(() => deep(view, 'segnala-citizen-reply-link'), 'no reply page');
    await until(() => text(deep(page, 'blockquote')).includes('civico più vicino'), 'the question is not shown');
    expect(text(page.shadowRoot!)).to.contain(filed.reference);
    const form = await until(() => deep(page, 'segnala-citizen-message')?.shadowRoot?.querySelector('form') && deep(page, 'segnala-citizen-message'), 'no answer form');
    await expect(page).to.be.accessible();
    expect((await staffReport(filed.reference)).status).to.equal('waiting_for_citizen');

    // Sending without a message says so on the field.
    deep<HTMLButtonElement>(form, 'button[type=submit]')!.click();
    await until(() => text(deep(form, '#cm-message-error')).includes('Scrivi'), 'an empty message was not explained');
    expect(activeElement()?.id).to.equal('cm-message');

    typeMessage(form, 'Il tombino è davanti al civico 12.');
    attach(form, [await pngPhoto('tombino.png', '#884422')]);
    deep<HTMLButtonElement>(form, 'button[type=submit]')!.click();
    const sent = await until(() => deep(form, '.sent'), 'the answer was not sent', 20_000);
    expect(text(sent)).to.contain('In lavorazione');
    expect(activeElement()).to.equal(sent);

    // The console shows the citizen's message with its photo, and the report back in progress.
    const after = await staffReport(filed.reference);
    expect(after.status).to.equal('in_progress');
    const message = after.events.find((e) => e.type === 'citizen_message')!;
    expect(message.message).to.equal('Il tombino è davanti al civico 12.');
    expect(message.by).to.equal(null);
    expect(message.data?.via).to.equal('link');
    expect(message.data?.photos?.length).to.equal(1);
    expect(after.photos.map((p) => p.id)).to.include(message.data!.photos![0]);
    el.remove();
  });

  it('on the tracking page the reporter adds a message by the code; the console can publish it', async () => {
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Panchina rotta in prova' });
    filedHere.push(filed.reference);
    const el = await mountWidget({ view: 'track' });
    const view = currentView(el);
    const input = deep<HTMLInputElement>(view, '#code')!;
    input.value = filed.trackingCode;
    input.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(view, 'form button[type=submit]')!.click();
    const form = await until(() => deep(view, 'segnala-citizen-message')?.shadowRoot?.querySelector('form') && deep(view, 'segnala-citizen-message'), 'no form on the tracking page');
    await expect(form).to.be.accessible();
    typeMessage(form, 'Manca anche una doga dello schienale.');
    deep<HTMLButtonElement>(form, 'button[type=submit]')!.click();
    const sent = await until(() => deep(form, '.sent'), 'the message was not sent');
    const report = await staffReport(filed.reference);
    const message = report.events.find((e) => e.type === 'citizen_message')!;
    expect(message.message).to.equal('Manca anche una doga dello schienale.');
    expect(message.data?.via).to.equal('code');
    // The text says whether it is public already: it follows the municipality's rule.
    expect(text(sent)).to.contain(message.public ? 'visibile nella storia' : 'dopo una verifica');
    if (!message.public) {
      const session = await apiLogin();
      await adminApi(session, `/reports/${filed.reference}/events/${message.id}/publish`, { method: 'POST' });
      expect((await staffReport(filed.reference)).events.find((e) => e.type === 'citizen_message')!.public).to.equal(true);
    }
    el.remove();
  });

  it('on the tracking page a report waiting for the citizen asks for the answer, which puts it back with the office', async () => {
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Cartello piegato in prova' });
    filedHere.push(filed.reference);
    await setStatus(filed.reference, 'waiting_for_citizen', 'Il cartello è di divieto o di pericolo?');
    const el = await mountWidget({ view: 'track' });
    const view = currentView(el);
    const input = deep<HTMLInputElement>(view, '#code')!;
    input.value = filed.trackingCode;
    input.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(view, 'form button[type=submit]')!.click();
    const form = await until(() => deep(view, 'segnala-citizen-message')?.shadowRoot?.querySelector('form') && deep(view, 'segnala-citizen-message'), 'no form on the tracking page');
    expect(text(deep(form, '#cm-h'))).to.equal('Rispondi all’ufficio');
    expect(text(deep(form, '.notice'))).to.contain('aspetta informazioni da te');
    typeMessage(form, 'È un cartello di pericolo.');
    deep<HTMLButtonElement>(form, 'button[type=submit]')!.click();
    const sent = await until(() => deep(form, '.sent'), 'the answer was not sent');
    // Taken in charge by the question itself: back to "accepted", said in the confirmation.
    expect(text(sent)).to.contain('Presa in carico');
    expect((await staffReport(filed.reference)).status).to.equal('accepted');
    el.remove();
  });
});
