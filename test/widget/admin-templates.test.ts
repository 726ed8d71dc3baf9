import { expect } from '@open-wc/testing';
import type { Catalog, ResponseTemplate, Session, StaffReport } from '../../widget/admin/admin-api.ts';
import { ADMIN, API, CLERK, MUNICIPALITY, TECNICO_DEPARTMENT, adminApi, apiLogin, fileReport, mountAdmin, reportView, resetAdminPage, setValue, text, until } from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

// Issue 15 §2: an admin writes a response template in the settings; a clerk picks it on a report,
// the message is filled with the report's details and still theirs to change before sending.
const settingsOf = (el: HTMLElement) => el.shadowRoot!.querySelector('segnala-admin-settings')?.shadowRoot ?? null;
const ACTIONS = 'segnala-admin-status-action, segnala-admin-reply-action';
const inActions = <T extends HTMLElement>(view: Element, selector: string) =>
  [...view.shadowRoot!.querySelectorAll(ACTIONS)].map((a) => a.shadowRoot!.querySelector<T>(selector)).find((e) => e) ?? null;
const pickerOf = (view: Element, form: 'status' | 'reply') =>
  view.shadowRoot!.querySelector(`segnala-admin-${form}-action`)!.shadowRoot!.querySelector('segnala-admin-template-picker')?.shadowRoot?.querySelector<HTMLSelectElement>('select') ?? null;

describe('console: response templates', () => {
  let admin: Session;
  let clerk: Session;
  let catalog: Catalog;
  const made: number[] = [];
  const stamp = Date.now();

  beforeEach(resetAdminPage);
  before(async () => {
    admin = await apiLogin(ADMIN);
    clerk = await apiLogin(CLERK);
    catalog = await adminApi<Catalog>(admin, '/catalog');
  });
  after(async () => {
    // Leave the demo as found: other suites and the screenshots read its templates.
    const all = (await adminApi<{ templates: ResponseTemplate[] }>(admin, '/templates')).templates;
    for (const t of all.filter((x) => made.includes(x.id) || x.title.endsWith(String(stamp)))) await adminApi(admin, `/templates/${t.id}`, { method: 'DELETE' });
  });

  it('an admin adds one in the settings; a clerk fills a status change with it, edits it and sends it', async () => {
    const category = catalog.categories.find((c) => c.departmentId === TECNICO_DEPARTMENT && c.active)!;
    const other = catalog.categories.find((c) => c.departmentId === TECNICO_DEPARTMENT && c.active && c.id !== category.id)!;
    const office = catalog.departments.find((d) => d.id === TECNICO_DEPARTMENT)!;
    const street = (await (await fetch(`${API}/api/v1/${MUNICIPALITY}/streets?q=aurelia&limit=1`)).json()).streets[0] as { id: number; name: string };
    const filed = await fileReport({ categoryId: category.id, title: `Modello alla prova ${stamp}`, streetId: street.id } as Parameters<typeof fileReport>[0]);

    // A template of another type of problem, and one for another status: never offered here.
    made.push((await adminApi<ResponseTemplate>(admin, '/templates', { method: 'POST', body: JSON.stringify({ title: `Altro tipo ${stamp}`, body: 'Altro.', categoryId: other.id }) })).id);
    made.push((await adminApi<ResponseTemplate>(admin, '/templates', { method: 'POST', body: JSON.stringify({ title: `Altro stato ${stamp}`, body: 'Altro.', status: 'rejected' }) })).id);

    // The admin, in the settings.
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const panel = await until(() => settingsOf(el)?.querySelector('segnala-admin-templates-panel')?.shadowRoot?.querySelector('#tpl-title') && settingsOf(el)!.querySelector('segnala-admin-templates-panel')!, 'no templates panel');
    await until(() => panel.shadowRoot!.querySelector('table.templates'), 'the templates did not load');
    await expect(panel).to.be.accessible();
    const root = panel.shadowRoot!;
    expect(text(root.querySelector('h3'))).to.equal('Modelli di risposta');
    const title = `Risolta con modello ${stamp}`;
    setValue(root.querySelector<HTMLInputElement>('#tpl-title')!, title);
    // A placeholder that does not exist: told at the text, the focus on it, nothing sent.
    setValue(root.querySelector<HTMLTextAreaElement>('#tpl-body')!, 'Gentile {nome}, la segnalazione {reference} è risolta.');
    setValue(root.querySelector<HTMLSelectElement>('#tpl-category')!, String(category.id));
    setValue(root.querySelector<HTMLSelectElement>('#tpl-status')!, 'resolved');
    root.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => root.querySelector('#tpl-body')!.getAttribute('aria-invalid') === 'true', 'no error at the text');
    expect(text(root.querySelector('#tpl-body-error'))).to.contain('{nome}');
    expect(root.querySelector('#tpl-body')!.getAttribute('aria-describedby')).to.contain('tpl-body-error');
    await until(() => activeElement()?.id === 'tpl-body', 'focus not on the text');
    await expect(panel).to.be.accessible();

    const body = 'La segnalazione {reference} ({category}, {street}) è stata risolta dall’{office}.';
    setValue(root.querySelector<HTMLTextAreaElement>('#tpl-body')!, body);
    root.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    const row = await until(() => [...root.querySelectorAll('tbody tr')].find((r) => text(r.querySelector('th')) === title) ?? null, 'the template is not listed');
    made.push(Number(row.getAttribute('data-id')));
    expect(text(row)).to.contain(category.name);
    expect(text(row)).to.contain('Risolta');
    expect(text(settingsOf(el)!.querySelector('.notice.success'))).to.equal('Aggiunto.');
    expect(root.querySelector<HTMLInputElement>('#tpl-title')!.value, 'the form is empty again').to.equal('');
    await expect(panel).to.be.accessible();

    // The record of changes names it.
    const changes = (await adminApi<{ changes: { subject: string; action: string; subjectId: number }[] }>(admin, '/settings-changes?limit=5')).changes;
    expect(changes[0]).to.include({ subject: 'template', action: 'created', subjectId: made[2] });

    // The clerk, on the report.
    el.remove();
    resetAdminPage();
    const clerkEl = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${filed.reference}` });
    const view = await reportView(clerkEl);
    // Starts on "Presa in carico": the template for "Risolta" is not offered, the others neither.
    const statusSelect = inActions<HTMLSelectElement>(view, '#a-status')!;
    expect(statusSelect.value).to.equal('accepted');
    setValue(statusSelect, 'resolved');
    const picker = await until(() => pickerOf(view, 'status'), 'no “Usa un modello” in the status form');
    await expect(view).to.be.accessible();
    const offered = [...picker.options].map((o) => text(o));
    expect(offered).to.include(title);
    expect(offered).not.to.include(`Altro tipo ${stamp}`);
    expect(offered).not.to.include(`Altro stato ${stamp}`);
    const label = picker.getRootNode() as ShadowRoot;
    expect(text(label.querySelector(`label[for=${picker.id}]`))).to.equal('Usa un modello');

    setValue(picker, String(made[2]));
    const message = inActions<HTMLTextAreaElement>(view, '#a-message')!;
    const expected = `La segnalazione ${filed.reference} (${category.name}, ${street.name}) è stata risolta dall’${office.name}.`;
    await until(() => message.value === expected, `not filled: “${message.value}”`);
    expect(picker.value, 'the picker is ready for another pick').to.equal('');
    expect(message.readOnly).to.equal(false);
    // Still the clerk's to change before sending.
    const sent = `${message.value} Grazie per la segnalazione.`;
    setValue(message, sent);
    inActions<HTMLButtonElement>(view, 'form[aria-labelledby=h-status] button[type=submit]')!.click();
    await until(() => text(view.shadowRoot!.querySelector('ol.history li')).includes(sent), 'the message is not in the history');
    const report = await adminApi<StaffReport>(clerk, `/reports/${filed.reference}`);
    expect(report.status).to.equal('resolved');
    expect(report.events.some((e) => e.type === 'status' && e.message === sent)).to.equal(true);

    // A clerk may read the templates but not write them.
    const refused = await fetch(`${API}/api/v1/${MUNICIPALITY}/admin/templates/${made[2]}`, { method: 'DELETE', headers: { Authorization: `Bearer ${clerk.token}` } });
    expect(refused.status).to.equal(403);
  });
});
