import { expect, fixtureCleanup } from '@open-wc/testing';
import type { Catalog, Session, StaffReport } from '../../widget/admin/admin-api.ts';
import type { ReportDetail } from '../../widget/api.ts';
import { ADMIN, CLERK, TECNICO_DEPARTMENT, adminApi, apiLogin, fileReport, mountAdmin, publicApi, reportView, resetAdminPage, setValue, text, until } from './admin-helpers.ts';
import { currentView, deep, mountWidget } from './helpers.ts';

// Issue 15 §6 in the console: a clerk takes a name out of a report's description, with a reason;
// the page shows the new words, the original under "Testo originale" and the history line; the
// citizens' widget shows only the new words.
let clerk: Session;
let admin: Session;
let works: number;

const form = (view: Element) => view.shadowRoot!.querySelector('segnala-admin-text-action')!;
const inForm = <T extends HTMLElement>(view: Element, selector: string) => form(view).shadowRoot!.querySelector<T>(selector)!;

/** A report of the clerk's office whose description names a private person, public. */
async function namedReport(title: string) {
  const filed = await fileReport({ categoryId: works, title, details: 'Il signor Baldacci del civico 12 ci è inciampato ieri.' });
  if (!filed.published) {
    const { version } = await adminApi<StaffReport>(admin, `/reports/${filed.reference}`);
    await adminApi(admin, `/reports/${filed.reference}/status`, { method: 'POST', body: JSON.stringify({ status: 'accepted', version }) });
  }
  return filed.reference;
}

describe('console: editing the public text of a report', () => {
  before(async () => {
    clerk = await apiLogin(CLERK);
    admin = await apiLogin(ADMIN);
    const catalog = await adminApi<Catalog>(clerk, '/catalog');
    works = catalog.categories.find((c) => c.departmentId === TECNICO_DEPARTMENT && c.active)!.id;
  });
  beforeEach(resetAdminPage);
  afterEach(fixtureCleanup);

  it('a clerk takes a name out of the description with a reason: new words, the original for staff, the history, the public sees the new', async () => {
    const reference = await namedReport('Marciapiede rotto con un nome');
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${reference}` });
    const view = await reportView(el);
    const action = form(view);
    await expect(action).to.be.accessible();
    expect(text(action.shadowRoot!.querySelector('h3'))).to.equal('Modifica il testo pubblico');
    expect(view.shadowRoot!.querySelector('segnala-admin-original-text'), 'no original before an edit').to.equal(null);
    const title = inForm<HTMLInputElement>(view, '#a-text-title');
    const details = inForm<HTMLTextAreaElement>(view, '#a-text-details');
    const reason = inForm<HTMLInputElement>(view, '#a-text-reason');
    expect(title.value, 'prefilled').to.equal('Marciapiede rotto con un nome');
    expect(details.value, 'prefilled').to.equal('Il signor Baldacci del civico 12 ci è inciampato ieri.');

    // Nothing changed and no reason: told at the fields, the focus on the first.
    const submit = inForm<HTMLButtonElement>(view, 'button[type=submit]');
    submit.click();
    await until(() => title.getAttribute('aria-invalid') === 'true' && reason.getAttribute('aria-invalid') === 'true', 'the mistakes are not told');
    expect(text(action.shadowRoot!.querySelector('#a-text-title-error'))).to.contain('uguale a quello attuale');
    expect(text(action.shadowRoot!.querySelector('#a-text-reason-error'))).to.equal('Scrivi il motivo della modifica.');
    await until(() => action.shadowRoot!.activeElement === title, 'the focus is not on the title');
    await expect(action).to.be.accessible();

    setValue(details, 'Una persona ci è inciampata ieri.');
    setValue(reason, 'Tolto il nome di un privato');
    submit.click();
    await until(() => text(view.shadowRoot!.querySelector('.notice.success')) === 'Testo pubblico modificato.', 'not saved');
    await until(() => text(view.shadowRoot!.querySelector('p.details')) === 'Una persona ci è inciampata ieri.', 'the page does not show the new words');
    expect(reason.value, 'the form emptied').to.equal('');
    await until(() => details.value === 'Una persona ci è inciampata ieri.', 'the form does not hold the new words');

    // The original, for staff, closed at first.
    const original = await until(() => view.shadowRoot!.querySelector('segnala-admin-original-text'), 'no original shown');
    await (original as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const disclosure = original.shadowRoot!.querySelector('details')!;
    expect(text(disclosure.querySelector('summary'))).to.equal('Testo originale');
    expect(disclosure.open).to.equal(false);
    disclosure.querySelector('summary')!.click();
    await until(() => disclosure.open, 'the disclosure does not open');
    expect(text(disclosure.querySelector('.details'))).to.equal('Il signor Baldacci del civico 12 ci è inciampato ieri.');
    await expect(view).to.be.accessible();

    // The history: what changed, by whom, why; internal.
    const latest = view.shadowRoot!.querySelector('ol.history li')!;
    expect(text(latest.querySelector('strong'))).to.equal('Testo pubblico modificato: descrizione');
    expect(text(latest.querySelector('blockquote'))).to.equal('Tolto il nome di un privato');
    expect(latest.classList.contains('internal')).to.equal(true);
    expect(text(latest.querySelector('.meta'))).to.contain(clerk.user.name);

    // The public: the new words only, nothing of the edit.
    const pub = await publicApi<ReportDetail>(`/reports/${reference}`);
    expect(pub.details).to.equal('Una persona ci è inciampata ieri.');
    expect(JSON.stringify(pub)).not.to.contain('Baldacci');
    expect(JSON.stringify(pub)).not.to.contain('Tolto il nome');
    const found = await publicApi<{ reports: { reference: string }[] }>(`/reports?q=Baldacci&status=all&limit=50`);
    expect(found.reports.map((r) => r.reference)).not.to.include(reference);

    // And the citizens' widget shows them.
    fixtureCleanup();
    history.replaceState(null, '', `#segnala/report/${reference}`);
    const widget = await mountWidget();
    const detail = currentView(widget);
    await until(() => deep(detail, 'article h2'), 'the public detail did not load');
    await until(() => text(detail.shadowRoot!.querySelector('article')).includes('Una persona ci è inciampata ieri.'), 'the widget does not show the new words');
    expect(text(detail.shadowRoot!.querySelector('article'))).not.to.contain('Baldacci');
  });

  it('a title too short is told at the field, and nothing is sent', async () => {
    const reference = await namedReport('Buca con un nome da togliere');
    const before = await adminApi<StaffReport>(admin, `/reports/${reference}`);
    const el = await mountAdmin({ as: clerk, lang: 'en', hash: `#segnala-admin/report/${reference}` });
    const view = await reportView(el);
    const title = inForm<HTMLInputElement>(view, '#a-text-title');
    setValue(title, 'ok');
    setValue(inForm<HTMLInputElement>(view, '#a-text-reason'), 'Name removed');
    inForm<HTMLButtonElement>(view, 'button[type=submit]').click();
    await until(() => title.getAttribute('aria-invalid') === 'true', 'the short title is not told');
    expect(text(form(view).shadowRoot!.querySelector('#a-text-title-error'))).to.equal('The title needs at least 3 characters.');
    expect(form(view).shadowRoot!.activeElement).to.equal(title);
    const after = await adminApi<StaffReport>(admin, `/reports/${reference}`);
    expect(after.version).to.equal(before.version);
    expect(after.original).to.equal(null);
  });
});
