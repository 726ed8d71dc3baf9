import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Settings } from '../../widget/admin/admin-api.ts';
import { ADMIN, CLERK, TECNICO_DEPARTMENT, adminApi, apiLogin, deep, mountAdmin, reportView, resetAdminPage, setValue, text, until } from './admin-helpers.ts';

// Issue 15 §4 in the console: an admin gives a category a notice and questions in the settings;
// a clerk taking a call sees them, must answer the required one, and the report shows the answers.
const settingsOf = (el: HTMLElement) => el.shadowRoot!.querySelector('segnala-admin-settings')?.shadowRoot ?? null;

describe('console: a category’s questions and notice', () => {
  let retire: (() => Promise<unknown>) | undefined;
  beforeEach(resetAdminPage);
  after(async () => {
    await retire?.();
  });

  it('an admin adds a notice and two questions; a clerk filing a call answers them; the report shows the answers', async () => {
    const admin = await apiLogin(ADMIN);
    // A category of its own, last in every list (the other tests file into the first ones without
    // answering its required question) and retired at the end.
    const name = `Tombini e griglie ${Date.now()}`;
    const { id } = await adminApi<{ id: number }>(admin, '/categories', { method: 'POST', body: JSON.stringify({ name, departmentId: TECNICO_DEPARTMENT, sortOrder: 10_000 }) });
    retire = () => adminApi(admin, `/categories/${id}`, { method: 'PATCH', body: JSON.stringify({ active: false }) });

    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const panel = await until(() => settingsOf(el)?.querySelector('segnala-admin-categories-panel'), 'no categories panel');
    const open = await until(() => panel.shadowRoot!.querySelector<HTMLButtonElement>(`tr[data-id="${id}"] button.questions`), 'no “Domande e avviso” button');
    open.click();
    const editor = await until(() => panel.shadowRoot!.querySelector('segnala-admin-category-questions'), 'the editor did not open');
    await until(() => editor.shadowRoot!.activeElement?.localName === 'h4', 'the focus did not move to the editor');
    expect(text(editor.shadowRoot!.querySelector('h4'))).to.equal(`Domande e avviso: ${name}`);
    const root = editor.shadowRoot!;
    const q = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;

    setValue(q<HTMLTextAreaElement>('#q-notice'), 'Se esce acqua a fiotti chiama subito il pronto intervento.');
    q<HTMLButtonElement>('button.add-question').click();
    await until(() => root.activeElement?.id === 'q-0-label', 'the new question is not focused');
    setValue(q<HTMLInputElement>('#q-0-label'), 'Dove si trova il tombino?');
    setValue(q<HTMLSelectElement>('#q-0-type'), 'choice');
    await until(() => root.querySelector('#q-0-choices'), 'no choices box');
    setValue(q<HTMLTextAreaElement>('#q-0-choices'), 'In strada\nIn strada');
    q<HTMLInputElement>('#q-0-required').click();
    q<HTMLButtonElement>('button.add-question').click();
    await until(() => root.querySelector('#q-1-label'), 'no second question');
    setValue(q<HTMLInputElement>('#q-1-label'), 'Si sente cattivo odore?');
    setValue(q<HTMLSelectElement>('#q-1-type'), 'yes_no');
    await expect(editor).to.be.accessible();

    // The same choice twice: told at the field, the focus there, nothing sent.
    q<HTMLButtonElement>('button[type=submit]').click();
    await until(() => root.querySelector('#q-0-choices-error'), 'no error on the choices');
    expect(root.activeElement).to.equal(q('#q-0-choices'));
    setValue(q<HTMLTextAreaElement>('#q-0-choices'), 'In strada\nSul marciapiede\nIn un cortile');
    q<HTMLButtonElement>('button[type=submit]').click();
    await until(() => text(settingsOf(el)!.querySelector('.notice.success')) === 'Modifiche salvate.', 'not saved');
    const saved = (await adminApi<Settings>(admin, '/settings')).categories.find((c) => c.id === id)!;
    expect(saved.notice).to.equal('Se esce acqua a fiotti chiama subito il pronto intervento.');
    expect(saved.questions.map(({ id: _, ...rest }) => rest)).to.deep.equal([
      { label: 'Dove si trova il tombino?', type: 'choice', required: true, choices: ['In strada', 'Sul marciapiede', 'In un cortile'] },
      { label: 'Si sente cattivo odore?', type: 'yes_no', required: false },
    ]);

    // A clerk takes a call for it: the notice and the questions are there, the required one asked for.
    resetAdminPage();
    const clerkEl = await mountAdmin({ as: await apiLogin(CLERK), hash: '#segnala-admin/new' });
    const view = await until(() => clerkEl.shadowRoot!.querySelector('segnala-admin-new-report')?.shadowRoot?.querySelector('form') && clerkEl.shadowRoot!.querySelector('segnala-admin-new-report')!, 'no filing page');
    const form = view.shadowRoot!;
    const control = <T extends HTMLElement>(f: string) => form.querySelector<T>(`#nr-${f}`)!;
    setValue(control<HTMLSelectElement>('channel'), 'phone');
    setValue(control<HTMLSelectElement>('category'), String(id));
    await until(() => form.querySelector('#nr-notice'), 'no notice');
    expect(text(form.querySelector('#nr-notice'))).to.contain('pronto intervento');
    const [where, smell] = saved.questions;
    setValue(control<HTMLInputElement>('title'), 'Tombino che trabocca');
    setValue(control<HTMLTextAreaElement>('details'), 'Il signore dice che il tombino trabocca da ieri sera.');
    const streetInput = deep<HTMLInputElement>(view, 'segnala-street-picker', 'input')!;
    streetInput.focus();
    await sendKeys({ type: 'aurel' });
    const picker = deep(view, 'segnala-street-picker')!;
    await until(() => picker.shadowRoot!.querySelectorAll('[role=option]').length > 0, 'no street suggestions');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await until(() => streetInput.value === 'Via Aurelia', 'street not picked');
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => form.querySelector(`#nr-a-${where.id}-error`), 'the required question was not asked for');
    expect(form.activeElement).to.equal(control(`a-${where.id}`));
    await expect(view).to.be.accessible();
    setValue(control<HTMLSelectElement>(`a-${where.id}`), 'Sul marciapiede');
    setValue(control<HTMLSelectElement>(`a-${smell.id}`), 'true');
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const reference = text(await until(() => form.querySelector('[data-reference]'), 'not filed'));

    clerkEl.remove();
    resetAdminPage();
    const reportEl = await mountAdmin({ as: await apiLogin(CLERK), hash: `#segnala-admin/report/${reference}` });
    const report = await reportView(reportEl);
    const answers = report.shadowRoot!.querySelector('dl.answers')!;
    expect([...answers.querySelectorAll('dt')].map((dt) => text(dt))).to.deep.equal([where.label, smell.label]);
    expect([...answers.querySelectorAll('dd')].map((dd) => text(dd))).to.deep.equal(['Sul marciapiede', 'sì']);
  });
});
