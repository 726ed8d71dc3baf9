import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ReportDetail } from '../../widget/api.ts';
import { activeElement, api, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

/** Presses Tab until `match` has the focus: the way a keyboard user gets there. */
async function tabTo(match: (el: Element) => boolean, what: string, max = 60) {
  for (let i = 0; i < max; i++) {
    const a = activeElement();
    if (a && match(a)) return a as HTMLElement;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

const byId = (id: string) => (el: Element) => el.id === id;

describe('new report', () => {
  beforeEach(resetPage);

  it('files a report by keyboard alone through the three steps, then tracks it', async () => {
    const el = await mountWidget();
    await expect(el).to.be.accessible();
    const filed = oneEvent(el, 'segnala-report-filed');

    // From the section bar to the form.
    const tab = deepAll<HTMLAnchorElement>(el, 'nav a').find((a) => a.getAttribute('href') === '#segnala/new')!;
    tab.focus();
    await sendKeys({ press: 'Enter' });
    const view = await until(() => (currentView(el).localName === 'segnala-new-report' ? currentView(el) : null), 'new view not shown');
    await until(() => activeElement()?.localName === 'h2', 'focus did not move to the step heading');
    expect(text(activeElement())).to.contain('Passo 1 di 3');
    await expect(view).to.be.accessible();

    // Step 1: privacy.
    await tabTo(byId('f-privacy'), 'the privacy checkbox');
    await sendKeys({ press: 'Space' });
    await tabTo((a) => a.localName === 'button' && a.getAttribute('type') === 'submit', 'Avanti');
    await sendKeys({ press: 'Enter' });
    await until(() => activeElement()?.localName === 'h2' && text(activeElement()).includes('Passo 2 di 3'), 'step 2 heading not focused');
    await expect(view).to.be.accessible();

    // Step 2: street from the list, civic number, category, title, details, e-mail.
    await tabTo((a) => a.getAttribute('role') === 'combobox', 'the street box');
    await sendKeys({ type: 'aurel' });
    const picker = deep(view, 'segnala-street-picker')!;
    await until(() => deepAll(picker, '[role=option]').length > 0, 'no street suggestions');
    await expect(view).to.be.accessible();
    await sendKeys({ press: 'ArrowDown' });
    expect(activeElement()!.getAttribute('aria-activedescendant')).to.match(/opt-0$/);
    await sendKeys({ press: 'Enter' });
    await until(() => (activeElement() as HTMLInputElement).value === 'Via Aurelia', 'street not picked');

    await tabTo(byId('f-civic'), 'the civic number');
    await sendKeys({ type: '12' });
    await tabTo(byId('f-category'), 'the category');
    await sendKeys({ press: 'ArrowDown' });
    await tabTo(byId('f-title'), 'the title');
    await sendKeys({ type: 'Lampione spento davanti al 12' });
    await tabTo(byId('f-details'), 'the description');
    await sendKeys({ type: 'Il lampione è spento da tre sere.' });
    await tabTo(byId('f-email'), 'the e-mail');
    await sendKeys({ type: 'maria@example.org' });
    await tabTo((a) => a.localName === 'button' && a.getAttribute('type') === 'submit', 'Avanti');
    await sendKeys({ press: 'Enter' });

    // Step 3: summary, then "Conferma e invia".
    await until(() => text(activeElement()).includes('Passo 3 di 3'), 'summary heading not focused');
    await expect(view).to.be.accessible();
    const summary = text(deep(view, '.summary'));
    expect(summary).to.contain('Via Aurelia').and.contain('12').and.contain('Lampione spento davanti al 12').and.contain('maria@example.org');
    await tabTo((a) => text(a) === 'Conferma e invia', 'Conferma e invia');
    await sendKeys({ press: 'Enter' });

    // Confirmation: reference and tracking code.
    await until(() => text(activeElement()).includes('Segnalazione inviata'), 'confirmation heading not focused');
    await expect(view).to.be.accessible();
    const reference = text(deep(view, '.reference'));
    const code = text(deep(view, '.code'));
    expect(reference).to.match(/^\d{4}-\d{6}$/);
    expect(code).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    const { detail } = await filed;
    expect(detail.reference).to.equal(reference);
    expect(JSON.stringify(detail)).not.to.contain(code.replace(/-/g, '').slice(0, 6));

    const stored = await api<ReportDetail>(`/reports/${reference}`);
    expect(stored.title).to.equal('Lampione spento davanti al 12');
    expect(stored.streetName).to.equal('Via Aurelia');
    expect(stored.civic).to.equal('12');
    expect(JSON.stringify(stored)).not.to.contain('maria@example.org');

    // Then track it with the code, typed in the tracking view.
    const trackTab = deepAll<HTMLAnchorElement>(el, 'nav a').find((a) => a.getAttribute('href') === '#segnala/track')!;
    trackTab.focus();
    await sendKeys({ press: 'Enter' });
    const track = await until(() => (currentView(el).localName === 'segnala-track' ? currentView(el) : null), 'track view not shown');
    await tabTo(byId('code'), 'the code box');
    await sendKeys({ type: code.toLowerCase() });
    await sendKeys({ press: 'Enter' });
    await until(() => deep(track, '.result h3'), 'no tracking result');
    expect(text(deep(track, '.result h3'))).to.equal('Lampione spento davanti al 12');
    expect(text(deep(track, '.result'))).to.contain(reference).and.contain('Inviata').and.contain('Ricevuta');
    await expect(track).to.be.accessible();
  });

  it('names each missing or wrong field, tied to it and announced, and keeps what was typed', async () => {
    history.replaceState(null, '', '#segnala/new');
    const el = await mountWidget();
    const view = currentView(el);
    const next = () => deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();

    next();
    await until(() => deep(view, '.error-summary'), 'no error for the privacy consent');
    expect(text(deep(view, '.error-summary'))).to.contain('informativa');
    expect(deep(view, '#f-privacy')!.getAttribute('aria-invalid')).to.equal('true');
    deep<HTMLInputElement>(view, '#f-privacy')!.click();
    next();
    await until(() => text(deep(view, 'h2')).includes('Passo 2'), 'step 2 not shown');

    const title = deep<HTMLInputElement>(view, '#f-title')!;
    title.value = 'ok';
    title.dispatchEvent(new Event('input'));
    const email = deep<HTMLInputElement>(view, '#f-email')!;
    email.value = 'maria@';
    email.dispatchEvent(new Event('input'));
    next();
    const box = await until(() => deep(view, '.error-summary'), 'no error summary');
    await until(() => activeElement() === box, 'the error summary did not get focus');
    const messages = [...box.querySelectorAll('li')].map(text);
    expect(messages).to.have.length(5);
    expect(messages.join(' ')).to.contain('strada').and.contain('tipo di disservizio').and.contain('almeno 3').and.contain('descrizione').and.contain('e-mail');
    await until(() => text(deep(el, '.base > [role=status]')).includes('5 errori'), 'errors not announced');
    for (const id of ['f-category', 'f-title', 'f-details', 'f-email']) {
      const input = deep(view, `#${id}`)!;
      expect(input.getAttribute('aria-invalid'), id).to.equal('true');
      const describedBy = input.getAttribute('aria-describedby')!.split(' ');
      const error = describedBy.map((d) => view.shadowRoot!.getElementById(d)).find((n) => n?.classList.contains('error-text'));
      expect(text(error), id).not.to.equal('');
    }
    const streetInput = deep(view, 'segnala-street-picker', 'input')!;
    expect(streetInput.getAttribute('aria-invalid')).to.equal('true');
    await expect(view).to.be.accessible();

    // A link in the summary takes the focus to its field.
    (box.querySelectorAll('a')[2] as HTMLElement).click();
    expect(activeElement()).to.equal(title);

    // Back to step 1 and forward again: nothing typed is lost.
    deepAll<HTMLButtonElement>(view, '.actions button').find((b) => text(b) === 'Indietro')!.click();
    await until(() => text(deep(view, 'h2')).includes('Passo 1'), 'step 1 not shown');
    expect(deep<HTMLInputElement>(view, '#f-privacy')!.checked).to.equal(true);
    next();
    await until(() => text(deep(view, 'h2')).includes('Passo 2'), 'step 2 not shown again');
    expect(deep<HTMLInputElement>(view, '#f-title')!.value).to.equal('ok');
    expect(deep<HTMLInputElement>(view, '#f-email')!.value).to.equal('maria@');
  });

  it('offers open reports of the same category nearby, each with its own Mi associo', async () => {
    // A category and a place that surely have an open report: take one from the server.
    const { reports } = await api<{ reports: { reference: string; categoryId: number; location: { lat: number; lon: number } | null; streetId: number | null; streetName: string | null }[] }>(
      '/reports?status=open&limit=50',
    );
    const target = reports.find((r) => r.location && r.streetId)!;
    history.replaceState(null, '', '#segnala/new');
    const el = await mountWidget();
    const view = currentView(el) as HTMLElement & { shadowRoot: ShadowRoot };
    deep<HTMLInputElement>(view, '#f-privacy')!.click();
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    await until(() => deep(view, '#f-category'), 'step 2 not shown');
    // A pin on the report's own point (as a click on the map would set it).
    await (view as unknown as { setLocation(p: { lat: number; lon: number }, c: boolean): Promise<void> }).setLocation(target.location!, true);
    const select = deep<HTMLSelectElement>(view, '#f-category')!;
    select.value = String(target.categoryId);
    select.dispatchEvent(new Event('change'));
    const dupes = await until(() => deep(view, '.duplicates'), 'no duplicate suggestions');
    const item = await until(() => dupes.querySelector<HTMLElement>(`[data-reference="${target.reference}"]`), 'the nearby report is not offered');
    expect(item.querySelector('segnala-support-button')).not.to.equal(null);
    await expect(view).to.be.accessible();
    // The nearest street to the pin is suggested.
    await until(() => text(deep(view, '[role=status][aria-live]')).includes('Punto indicato'), 'the pin is not announced');
  });
});
