import { expect } from '@open-wc/testing';
import type { StreetWithCount } from '../../widget/api.ts';
import { ADMIN, adminApi, apiLogin, fileReport, hideReports } from './admin-helpers.ts';
import { activeElement, api, currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';
import { freshAddress, linksIn, mailArriving, mailsTo } from './mail-helpers.ts';

/** Opens the widget at a link's hash, as a citizen clicking it in the mail would. */
async function openLink(link: string) {
  const hash = link.slice(link.indexOf('#'));
  history.replaceState(null, '', hash);
  const el = await mountWidget();
  const page = await until(() => (currentView(el)?.localName === 'segnala-link' ? currentView(el) : null), `the link page did not open: ${hash}`);
  const view = await until(() => deep(page, 'segnala-street-follow-link'), 'the street link element did not render');
  return { el, view };
}

// Follow a street (issue 13 §5), end to end through the real mail of the run.
/** What these tests filed, taken off the public list at the end (admin-helpers.ts hideReports). */
const filedHere: string[] = [];

describe('following a street', () => {
  after(async () => hideReports(await apiLogin(ADMIN), filedHere));
  beforeEach(resetPage);

  it('subscribe on the street page, confirm from the mail, get the digest of a report there, unsubscribe from it', async () => {
    const email = freshAddress('via');
    const { streets } = await api<{ streets: StreetWithCount[] }>('/streets/summary');
    const street = streets[Math.floor(Math.random() * streets.length)];

    // The street page: the form, labelled, refusing a bad address on its field.
    history.replaceState(null, '', `#segnala/streets/${street.id}`);
    let el = await mountWidget({ view: 'streets' });
    const follow = await until(() => deep(currentView(el), 'segnala-follow-street'), 'no “Segui questa via” on the street page');
    await until(() => deep(follow, '#follow-email'), 'the form did not render');
    expect(text(deep(follow, 'h3'))).to.equal('Segui questa via');
    const input = deep<HTMLInputElement>(follow, '#follow-email')!;
    input.value = 'non-un-indirizzo';
    input.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(follow, 'button[type=submit]')!.click();
    await until(() => deep(follow, '#follow-email-error'), 'no error on the field');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(activeElement()).to.equal(input);
    input.value = email;
    input.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(follow, 'button[type=submit]')!.click();
    const sent = await until(() => deep(follow, '.notice.success'), 'no confirmation that the mail was sent');
    expect(text(sent)).to.contain(email);
    expect(activeElement()).to.equal(sent);
    await expect(currentView(el)).to.be.accessible();
    el.remove();

    // The confirmation mail; its link opens a page that asks before acting.
    const confirmation = await mailArriving(email, (m) => m.subject.includes('Conferma'));
    expect(confirmation.text).to.contain(street.name);
    const confirmLink = linksIn(confirmation).find((l) => l.includes('#segnala/link/street_confirm/'))!;
    expect(confirmLink, confirmation.text).to.exist;
    let link = await openLink(confirmLink);
    expect(text(deep(link.view, 'h2'))).to.contain('Conferma');
    await expect(link.view).to.be.accessible();
    deep<HTMLButtonElement>(link.view, 'button.primary')!.click();
    const confirmed = await until(() => deep(link.view, '.notice.success'), 'not confirmed');
    expect(text(confirmed)).to.contain(street.name);
    expect(activeElement()).to.equal(confirmed);
    link.el.remove();

    // Opened again: already used, nothing changes.
    link = await openLink(confirmLink);
    deep<HTMLButtonElement>(link.view, 'button.primary')!.click();
    expect(text(await until(() => deep(link.view, '[role=alert]'), 'no message for a used link'))).to.contain('già stata confermata');
    link.el.remove();

    // A report on the street, published on arrival in the demo, then closed by staff.
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filing = { categoryId: categories[0].id, title: 'Prova: seguire una via', streetId: street.id };
    const filed = await fileReport(filing);
    filedHere.push(filed.reference);
    const session = await apiLogin(ADMIN);
    const detail = await adminApi(session, `/reports/${filed.reference}`);
    await adminApi(session, `/reports/${filed.reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'resolved', message: 'Riparato.', version: detail.version }),
    });

    // The digest (the server's mail job runs every few seconds): the report, its link, the unsubscribe link and header.
    const digest = await mailArriving(email, (m) => m.text.includes(filed.reference), 30_000);
    expect(digest.text).to.contain('Ecco le segnalazioni pubblicate o chiuse nelle vie che segui');
    expect(digest.text).to.contain(street.name);
    expect(linksIn(digest).some((l) => l.endsWith(`#segnala/report/${filed.reference}`))).to.equal(true);
    expect(digest.text).to.match(/List-Unsubscribe: <https?:\/\/[^>]+\/street-subscriptions\/one-click-unsubscribe\?token=/i);
    expect(digest.text).to.match(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/i);
    const unsubscribeLink = linksIn(digest).find((l) => l.includes('#segnala/link/street_unsubscribe/'))!;
    expect(unsubscribeLink, digest.text).to.exist;
    // Only the confirmation and this one digest.
    expect((await mailsTo(email)).length).to.equal(2);

    link = await openLink(unsubscribeLink);
    expect(text(deep(link.view, 'h2'))).to.contain('Smetti di seguire');
    deep<HTMLButtonElement>(link.view, 'button.primary')!.click();
    expect(text(await until(() => deep(link.view, '.notice.success'), 'not unsubscribed'))).to.contain('cancellato');
    await expect(link.view).to.be.accessible();
    link.el.remove();

    // Replayed: already done, and said so.
    link = await openLink(unsubscribeLink);
    deep<HTMLButtonElement>(link.view, 'button.primary')!.click();
    expect(text(await until(() => deep(link.view, '[role=alert]'), 'no message for a used link'))).to.contain('Non segui più');
  });

  it('an address that asked for too many streets today is told so, with the form kept', async () => {
    const email = freshAddress('troppe');
    const { streets } = await api<{ streets: StreetWithCount[] }>('/streets/summary');
    for (const s of streets.slice(0, 3)) {
      await api('/street-subscriptions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streetId: s.id, email }) });
    }
    history.replaceState(null, '', `#segnala/streets/${streets[3].id}`);
    const el = await mountWidget({ view: 'streets', lang: 'en' });
    const follow = await until(() => deep(currentView(el), 'segnala-follow-street'), 'no form');
    const input = await until(() => deep<HTMLInputElement>(follow, '#follow-email'), 'the form did not render');
    expect(text(deep(follow, 'h3'))).to.equal('Follow this street');
    input.value = email;
    input.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(follow, 'button[type=submit]')!.click();
    const alert = await until(() => deep(follow, '[role=alert]'), 'no message');
    expect(text(alert)).to.contain('Too many requests');
    expect(deep<HTMLInputElement>(follow, '#follow-email')!.value).to.equal(email);
    await expect(follow).to.be.accessible();
  });

  it('a forged link says it is not valid and changes nothing', async () => {
    const { el, view } = await openLink('#segnala/link/street_unsubscribe/WzEsIjEiLDk5OTk5OTk5OTk5OTksInt9Il0.AAAAAAAAAAAAAAAAAAAAAA');
    deep<HTMLButtonElement>(view, 'button.primary')!.click();
    expect(text(await until(() => deep(view, '[role=alert]'), 'no message for a forged link'))).to.contain('non è valido');
    el.remove();
  });
});
