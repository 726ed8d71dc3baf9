import { expect } from '@open-wc/testing';
import { adminApi, apiLogin, fileReport, publicApi } from './admin-helpers.ts';
import { activeElement, api, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';
import { freshAddress, mailArriving, type Mail } from './mail-helpers.ts';

// Issue 13 §2 and §3, end to end through the real mail: staff resolve, the citizens are asked "is it
// really fixed?", the reporter's "not fixed" link reopens the report, and on the tracking page the
// reporter answers again and rates the service.

async function setStatus(reference: string, status: string, message?: string) {
  const session = await apiLogin();
  const { version } = await adminApi<{ version: number }>(session, `/reports/${reference}`);
  await adminApi(session, `/reports/${reference}/status`, { method: 'POST', body: JSON.stringify({ status, message, version }) });
}

/** The link after a label line of the question mail ("No, non è risolto: <url>"). */
function answerLink(mail: Mail, label: string): string {
  const line = mail.text.split('\n').find((l) => l.startsWith(`${label}: `));
  if (!line) throw new Error(`no "${label}" link in:\n${mail.text}`);
  return line.slice(label.length + 2).trim();
}

// The subject is MIME-encoded (it has accents): the body names the report and carries the links.
const isQuestion = (reference: string) => (m: Mail) => m.text.includes(reference) && m.text.includes('#segnala/link/resolution_check/');

async function openTrackingPage(code: string) {
  const el = await mountWidget({ view: 'track' });
  const view = currentView(el);
  const input = deep<HTMLInputElement>(view, '#code')!;
  input.value = code;
  input.dispatchEvent(new Event('input'));
  deep<HTMLButtonElement>(view, 'form button[type=submit]')!.click();
  await until(() => deep(view, '.result h3'), 'the report was not found by its code');
  return { el, view };
}

describe('is it really fixed? and the rating', () => {
  beforeEach(resetPage);

  it('a mailed "not fixed" link, confirmed in the widget, reopens the report; the tracking page asks again and takes a rating', async () => {
    const reporter = freshAddress('autore');
    const supporter = freshAddress('vicino');
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Lampione spento in prova', contact: { email: reporter } });
    await setStatus(filed.reference, 'accepted');
    await api(`/reports/${filed.reference}/supports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ supporterToken: `test-supporter-${Math.random().toString(36).slice(2, 12)}`, email: supporter }),
    });
    await setStatus(filed.reference, 'resolved', 'Lampione sostituito');

    // Both are asked, each with three answers.
    const toSupporter = await mailArriving(supporter, isQuestion(filed.reference));
    expect(answerLink(toSupporter, 'Sì, è risolto')).to.contain('#segnala/link/resolution_check/');
    const question = await mailArriving(reporter, isQuestion(filed.reference));
    const notFixed = answerLink(question, 'No, non è risolto');
    expect(notFixed).to.contain('#segnala/link/resolution_check/');

    // Opening the link shows the answer ready to confirm, and records nothing.
    history.replaceState(null, '', new URL(notFixed).hash);
    let el = await mountWidget();
    let view = await until(() => (currentView(el)?.localName === 'segnala-link' ? currentView(el) : null), 'the link page did not open');
    const confirm = await until(() => deep<HTMLButtonElement>(view, 'segnala-resolution-check-link', 'button.primary'), 'no confirm button');
    const page = deep(view, 'segnala-resolution-check-link')!;
    expect(text(deep(page, '.chosen'))).to.equal('No, non è risolto');
    expect(text(page.shadowRoot!)).to.contain(filed.reference);
    await expect(page).to.be.accessible();
    expect((await publicApi<{ status: string }>(`/reports/${filed.reference}`)).status).to.equal('resolved');

    confirm.click();
    const done = await until(() => deep(page, '.notice.success'), 'no confirmation');
    expect(text(done)).to.contain('riaperta');
    expect(activeElement()).to.equal(done);
    expect((await publicApi<{ status: string; events: { type: string; message: string | null }[] }>(`/reports/${filed.reference}`)).status).to.equal('accepted');
    const reopened = (await publicApi<{ events: { type: string; message: string | null }[] }>(`/reports/${filed.reference}`)).events.find((e) => e.type === 'reopened');
    expect(reopened?.message ?? '').to.contain('non è risolto');
    // The supporter is told the report is open again.
    await mailArriving(supporter, (m) => m.subject.includes(`Aggiornamento sulla segnalazione ${filed.reference}`));
    el.remove();

    // Resolved again: on the tracking page the reporter answers "fixed" and rates the service.
    await setStatus(filed.reference, 'resolved', 'Sostituito di nuovo');
    resetPage();
    ({ el, view } = await openTrackingPage(filed.trackingCode));
    const check = await until(() => deep(view, 'segnala-resolution-check')?.shadowRoot?.querySelector('form') && deep(view, 'segnala-resolution-check'), 'no question on the tracking page');
    await expect(check).to.be.accessible();
    const send = deep<HTMLButtonElement>(check, 'button[type=submit]')!;
    expect(send.disabled, 'no answer chosen yet').to.equal(true);
    deepAll<HTMLInputElement>(check, 'input[value=fixed]')[0].click();
    await until(() => !send.disabled, 'choosing an answer did not enable the button');
    send.click();
    await until(() => text(deep(check, '.notice.success')).includes('registrata'), 'the answer was not recorded');

    const rating = await until(() => deep(view, 'segnala-service-rating')?.shadowRoot?.querySelector('form') && deep(view, 'segnala-service-rating'), 'no rating on the tracking page');
    await expect(rating).to.be.accessible();
    // Without a choice the form says so on the field.
    deep<HTMLButtonElement>(rating, 'button[type=submit]')!.click();
    await until(() => text(deep(rating, '#rating-error')).includes('Scegli'), 'a missing rating was not explained');
    deepAll<HTMLInputElement>(rating, 'input[name=rating]')[3].click();
    const comment = deep<HTMLTextAreaElement>(rating, '#rating-comment')!;
    comment.value = 'Veloci la seconda volta';
    comment.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(rating, 'button[type=submit]')!.click();
    await until(() => text(deep(rating, '.notice.success')).includes('registrato'), 'the rating was not recorded');
    const stored = await api<{ rating: number; comment: string }>(`/ratings/track/${encodeURIComponent(filed.trackingCode)}`, { cache: 'no-store' });
    expect(stored.rating).to.equal(4);
    expect(stored.comment).to.equal('Veloci la seconda volta');
    // Never public: the report's page does not carry it.
    expect(JSON.stringify(await publicApi(`/reports/${filed.reference}`))).not.to.contain('Veloci la seconda volta');
    el.remove();
  });
});
