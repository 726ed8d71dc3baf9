import { expect } from '@open-wc/testing';
import { dueDateWords, promisedDates } from '../../server/domain/promise.ts';
import { adminApi, apiLogin, fileReport, hideReports, mountAdmin, reportView, resetAdminPage, ADMIN } from './admin-helpers.ts';
import { activeElement, api, currentView, deep, mountWidget, openFilingStep2, resetPage, text, until } from './helpers.ts';

/** Issue 13 §4 (the office's promise, shown) and §6 (the reporter erases their contact data). */

type View = HTMLElement & { shadowRoot: ShadowRoot };
type Category = { id: number; daysToAccept: number; daysToResolve: number };

const setValue = (view: View, selector: string, value: string, type = 'input') => {
  const input = deep<HTMLInputElement>(view, selector)!;
  input.value = value;
  input.dispatchEvent(new Event(type));
};

/** Looks a code up on the tracking page, as a citizen types it. */
async function track(code: string, lang = '') {
  const el = await mountWidget({ view: 'track', lang });
  const view = currentView<View>(el);
  setValue(view, '#code', code.toLowerCase());
  deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
  await until(() => deep(view, '.result h3'), 'no tracking result');
  return view;
}

const eraser = (view: View) => deep(view, 'segnala-erase-contact')!;

describe('the office’s promise and the reporter’s own data', () => {
  beforeEach(resetPage);
  const filed: string[] = [];
  after(async () => hideReports(await apiLogin(ADMIN), filed));

  it('the summary and the confirmation say by when the report is taken in charge and resolved', async () => {
    const { categories, map } = await api<{ categories: Category[]; map: { center: { lat: number; lon: number } } }>('/config');
    const category = categories[0];
    const { view } = await openFilingStep2();
    const v = view as View;
    await (v as unknown as { setLocation(p: { lat: number; lon: number }, c: boolean): Promise<void> }).setLocation(map.center, true);
    setValue(v, '#f-category', String(category.id), 'change');
    setValue(v, '#f-title', 'Tombino sollevato');
    setValue(v, '#f-details', 'Scritto da un test dei tempi promessi.');
    deep<HTMLButtonElement>(v, 'button[type=submit]')!.click();
    await until(() => text(deep(v, 'h2')).includes('Passo 3'), 'summary not shown');

    const expected = promisedDates(new Date(), category);
    const summary = text(deep(v, '.promise'));
    expect(summary).to.contain('I tempi del Comune');
    expect(summary).to.contain(`Presa in carico entro ${dueDateWords(expected.acceptBy, 'it-IT')}`);
    expect(summary).to.contain(`Risoluzione entro ${dueDateWords(expected.resolveBy, 'it-IT')}`);
    await expect(v).to.be.accessible();

    deep<HTMLButtonElement>(v, '.actions button.primary')!.click();
    await until(() => deep(v, '.reference'), 'not filed', 20_000);
    filed.push(text(deep(v, '.reference')));
    const code = text(deep(v, '.code'));
    const { promise } = await api<{ promise: { acceptBy: string; resolveBy: string } }>(`/track/${code}`);
    const confirmation = text(deep(v, '.promise'));
    expect(confirmation).to.contain(`Presa in carico entro ${dueDateWords(promise.acceptBy, 'it-IT')}`);
    expect(confirmation).to.contain(`Risoluzione entro ${dueDateWords(promise.resolveBy, 'it-IT')}`);
    // The form's promise and the server's are the same day.
    expect(dueDateWords(promise.acceptBy, 'it-IT')).to.equal(dueDateWords(expected.acceptBy, 'it-IT'));
    expect(deep(v, '.promise time')!.getAttribute('datetime')).to.equal(promise.acceptBy);
    await expect(v).to.be.accessible();
  });

  it('the tracking page shows the promise and whether it is kept', async () => {
    const { categories } = await api<{ categories: Category[] }>('/config');
    const report = await fileReport({ categoryId: categories[0].id, title: 'Buca in carreggiata, prova dei tempi' });
    filed.push(report.reference);
    let view = await track(report.trackingCode);
    const { promise } = await api<{ promise: { acceptBy: string; resolveBy: string } }>(`/track/${report.trackingCode}`);
    let shown = text(deep(view, '.promise'));
    expect(shown).to.contain(`Presa in carico entro ${dueDateWords(promise.acceptBy, 'it-IT')} ◷Nei tempi`);
    expect(shown).to.contain(`Risoluzione entro ${dueDateWords(promise.resolveBy, 'it-IT')} ◷Nei tempi`);
    await expect(view).to.be.accessible();

    // The office takes it in charge today: that promise is kept.
    const staff = await apiLogin(ADMIN);
    const { version } = await adminApi<{ version: number }>(staff, `/reports/${report.reference}`);
    await adminApi(staff, `/reports/${report.reference}/status`, { method: 'POST', body: JSON.stringify({ status: 'accepted', version }) });
    resetPage();
    view = await track(report.trackingCode);
    shown = text(deep(view, '.promise'));
    expect(shown).to.contain(`Presa in carico entro ${dueDateWords(promise.acceptBy, 'it-IT')} ✓Fatto nei tempi`);
    expect(shown).to.contain(`Risoluzione entro ${dueDateWords(promise.resolveBy, 'it-IT')} ◷Nei tempi`);
    // In English too, the same days in the municipality's calendar.
    resetPage();
    view = await track(report.trackingCode, 'en');
    await until(() => text(deep(view, '.promise')).includes('The office’s timescales'), 'no promise in English');
    shown = text(deep(view, '.promise'));
    expect(shown).to.contain(`Taken in charge by ${dueDateWords(promise.acceptBy, 'en-GB')} ✓Done on time`);
    expect(shown).to.contain(`Resolved by ${dueDateWords(promise.resolveBy, 'en-GB')} ◷On schedule`);
  });

  it('the reporter erases their contact data after confirming; the button goes and the console has none', async () => {
    const { categories } = await api<{ categories: Category[] }>('/config');
    const report = await fileReport({
      categoryId: categories[0].id,
      title: 'Cestino rotto, prova della cancellazione',
      contact: { name: 'Giulia Prova', email: 'giulia.prova@example.org' },
    });
    filed.push(report.reference);
    const view = await track(report.trackingCode);
    const erase = eraser(view);
    const open = await until(() => deep<HTMLButtonElement>(erase, '#erase-open'), 'no erase button');
    expect(text(open)).to.equal('Cancella i miei recapiti');
    await expect(view).to.be.accessible();

    // Asking first; "No" keeps the data and returns to the button.
    open.click();
    await until(() => activeElement() === deep(erase, '#erase-question'), 'the question did not get the focus');
    expect(text(deep(erase, '.ask'))).to.contain('Non si può annullare');
    await expect(view).to.be.accessible();
    deep<HTMLButtonElement>(erase, '#erase-cancel')!.click();
    await until(() => activeElement() === deep(erase, '#erase-open'), 'focus not back on the button');
    const staff = await apiLogin(ADMIN);
    expect((await adminApi(staff, `/reports/${report.reference}`)).contact.email).to.equal('giulia.prova@example.org');

    // Then yes. The tracking page hears of it; the host page does not (an internal event).
    const heardOutside: string[] = [];
    const listen = (e: Event) => heardOutside.push(e.type);
    document.addEventListener('contact-erased', listen);
    deep<HTMLButtonElement>(erase, '#erase-open')!.click();
    await until(() => deep(erase, '#erase-confirm'), 'no confirm button');
    deep<HTMLButtonElement>(erase, '#erase-confirm')!.click();
    const done = await until(() => deep(erase, '#erase-done'), 'no message after erasing');
    expect(text(done)).to.contain('I tuoi recapiti sono stati cancellati');
    await until(() => activeElement() === done, 'the message did not get the focus');
    expect(deep(erase, '#erase-open')).to.equal(null);
    document.removeEventListener('contact-erased', listen);
    expect(heardOutside).to.deep.equal([]);
    await expect(view).to.be.accessible();

    const detail = await adminApi(staff, `/reports/${report.reference}`);
    expect(detail.contact).to.deep.equal({ name: null, email: null, phone: null });
    // The clerk's page of the report shows none either.
    resetAdminPage();
    const admin = await mountAdmin({ as: staff, hash: `#segnala-admin/report/${report.reference}` });
    const record = text((await reportView(admin)).shadowRoot);
    expect(record).to.contain('Nessun recapito lasciato.');
    expect(record).not.to.contain('giulia.prova@example.org').and.not.to.contain('Giulia Prova');
    resetAdminPage();
    // Looked up again: nothing left to erase, no button.
    resetPage();
    const again = await track(report.trackingCode);
    await until(() => eraser(again).shadowRoot, 'erase element not rendered');
    expect(deep(eraser(again), '#erase-open')).to.equal(null);
    expect(text(deep(again, '.result'))).not.to.contain('I tuoi recapiti');
  });
});
