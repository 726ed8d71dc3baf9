import { expect } from '@open-wc/testing';
import type { Settings, Stats } from '../../widget/admin/admin-api.ts';
import { ADMIN, adminApi, apiLogin, fileReport, mountAdmin, publicApi, queueView, resetAdminPage, rowsOf, setValue } from './admin-helpers.ts';
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

    // The reporter changes their mind: "not fixed" reopens it, and the page shows it back with the office.
    deepAll<HTMLInputElement>(check, 'input[value=not_fixed]')[0].click();
    await until(() => !send.disabled, 'the button went away');
    send.click();
    await until(() => text(deep(check, '.notice.success')).includes('riaperta'), 'the reopening was not told');
    await until(() => text(deep(view, '.result .top')).includes('Presa in carico'), 'the status on the page did not follow');
    expect(text(deep(view, '.result'))).to.contain('Riaperta');
    // Open again: nothing to rate until it is closed again.
    await until(() => !rating.shadowRoot!.querySelector('form'), 'the rating stayed on an open report');
    el.remove();
  });

  it('the console: the queue shows the reopened reports apart, the statistics count reopenings and ratings, the admin sets the threshold', async () => {
    resetAdminPage();
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const reopened = await fileReport({ categoryId: categories[0].id, title: 'Riaperta per la console' });
    const rated = await fileReport({ categoryId: categories[0].id, title: 'Valutata per la console' });
    for (const r of [reopened, rated]) {
      await setStatus(r.reference, 'accepted');
      await setStatus(r.reference, 'resolved');
    }
    const post = (path: string, body: unknown) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await post(`/resolution-checks/track/${encodeURIComponent(reopened.trackingCode)}`, { answer: 'not_fixed' });
    await post(`/ratings/track/${encodeURIComponent(rated.trackingCode)}`, { rating: 2 });

    const clerk = await apiLogin();
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    const root = queue.shadowRoot!;
    const reopenedOnly = root.querySelector<HTMLInputElement>('#f-reopened')!;
    expect(text(reopenedOnly.closest('label'))).to.contain('riaperte');
    reopenedOnly.checked = true;
    root.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
    const expected = await adminApi<{ reports: { reference: string }[] }>(clerk, '/reports?status=open&reopened=true');
    await until(() => rowsOf(queue).length === expected.reports.length && rowsOf(queue).some((tr) => tr.dataset.reference === reopened.reference), 'the reopened filter was not applied');
    expect(rowsOf(queue).some((tr) => tr.dataset.reference === rated.reference)).to.equal(false);

    const statsLink = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => text(a) === 'Statistiche')!;
    statsLink.click();
    const stats = await until(() => el.shadowRoot!.querySelector('segnala-admin-stats'), 'no statistics');
    await until(() => stats.shadowRoot!.querySelector('section[data-section=st-ratings]'), 'no ratings section');
    const numbers = await adminApi<Stats>(clerk, '/stats');
    expect(stats.shadowRoot!.querySelector('[data-reopened]')!.getAttribute('data-reopened')).to.equal(String(numbers.reopenings.total));
    expect(numbers.reopenings.total).to.be.greaterThan(0);
    expect(stats.shadowRoot!.querySelector('[data-ratings]')!.getAttribute('data-ratings')).to.equal(String(numbers.ratings.count));
    expect(text(stats.shadowRoot!.querySelector('section[data-section=st-ratings]'))).to.contain('su 5');
    await expect(stats).to.be.accessible();
    el.remove();

    resetAdminPage();
    const admin = await apiLogin(ADMIN);
    const adminEl = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const view = await until(() => adminEl.shadowRoot!.querySelector('segnala-admin-settings'), 'no settings');
    const municipality = await until(() => view.shadowRoot!.querySelector('segnala-admin-municipality-panel')?.shadowRoot?.querySelector('#m-reopen-supporters') && view.shadowRoot!.querySelector('segnala-admin-municipality-panel')!.shadowRoot!, 'no threshold field');
    const supporters = municipality.querySelector<HTMLInputElement>('#m-reopen-supporters')!;
    setValue(supporters, '0');
    municipality.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => supporters.getAttribute('aria-invalid') === 'true', 'a threshold of 0 was not refused on its field');
    setValue(supporters, '3');
    municipality.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => text(view.shadowRoot!.querySelector('.notice.success')) === 'Modifiche salvate.', 'not saved');
    expect((await adminApi<Settings>(admin, '/settings')).municipality.reopenSupporters).to.equal(3);
    await adminApi(admin, '/settings', { method: 'PATCH', body: JSON.stringify({ reopenSupporters: 2 }) });
    const categoriesPanel = view.shadowRoot!.querySelector('segnala-admin-categories-panel')!.shadowRoot!;
    expect(categoriesPanel.querySelectorAll('input[id$=-reopen]').length).to.be.greaterThan(0);
    adminEl.remove();
  });
});
