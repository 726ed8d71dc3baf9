import { expect } from '@open-wc/testing';
import type { Session, Settings, Stats } from '../../widget/admin/admin-api.ts';
import type { SegnalaAdmin } from '../../widget/admin/segnala-admin.ts';
import {
  ADMIN,
  CLERK,
  PASSWORD,
  adminApi,
  apiLogin,
  logInThroughForm,
  mountAdmin,
  queueView,
  resetAdminPage,
  setValue,
  text,
  until,
} from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

let clerk: Session;
let admin: Session;

const tabs = (el: SegnalaAdmin) => [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => text(a));

async function openTab(el: SegnalaAdmin, label: string, tag: string) {
  const link = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => text(a) === label)!;
  link.click();
  return until(() => el.shadowRoot!.querySelector(tag), `${tag} not shown`);
}

/** One panel of the settings page: each is an element of its own, with its own shadow root. */
const panel = (view: Element, name: string) => view.shadowRoot!.querySelector(`segnala-admin-${name}-panel`)?.shadowRoot ?? null;

/** The rows of one statistics table, as [first cell, other cells…] texts. */
function tableRows(view: Element, section: string) {
  return [...view.shadowRoot!.querySelectorAll(`section[data-section=${section}] tbody tr`)].map((tr) =>
    [...tr.children].map((c) => text(c)),
  );
}

describe('console: statistics and settings', () => {
  before(async () => {
    clerk = await apiLogin(CLERK);
    admin = await apiLogin(ADMIN);
  });
  beforeEach(resetAdminPage);

  it('statistics show the numbers of /admin/stats, as tables next to the charts', async () => {
    const el = await mountAdmin({ as: clerk });
    await queueView(el);
    const view = await openTab(el, 'Statistiche', 'segnala-admin-stats');
    await until(() => view.shadowRoot!.querySelector('.total'), 'the statistics did not load');
    const stats = await adminApi<Stats>(clerk, '/stats');
    await expect(view).to.be.accessible();
    expect(location.hash).to.equal('#segnala-admin/stats');
    expect(view.shadowRoot!.querySelector('.total')!.getAttribute('data-total')).to.equal(String(stats.total));

    const byStatus = tableRows(view, 'st-status');
    expect(byStatus.length).to.equal(stats.byStatus.length);
    const it = (n: number) => n.toLocaleString('it-IT');
    expect(byStatus.map((r) => r[1])).to.deep.equal(stats.byStatus.map((s) => it(s.count)));
    expect(byStatus[0][0]).to.contain({ resolved: 'Risolta', accepted: 'Presa in carico' }[stats.byStatus[0].status as string] ?? '');
    // The clerk's statistics are those of their office only.
    expect(tableRows(view, 'st-department').map((r) => r[0])).to.deep.equal(['Ufficio Tecnico – Lavori Pubblici']);
    expect(tableRows(view, 'st-department')[0].slice(1)).to.deep.equal([it(stats.byDepartment[0].total), it(stats.byDepartment[0].open), it(stats.byDepartment[0].overdue)]);
    expect(tableRows(view, 'st-overdue')[0][1]).to.equal(it(stats.byDepartment[0].overdue));
    expect(tableRows(view, 'st-category').map((r) => r[1])).to.deep.equal(stats.byCategory.map((c) => it(c.total)));
    const monthly = tableRows(view, 'st-monthly');
    expect(monthly.length).to.equal(12);
    expect(monthly.map((r) => [r[1], r[2]])).to.deep.equal(stats.monthly.map((m) => [it(m.created), it(m.closed)]));
    const times = tableRows(view, 'st-times');
    expect(times[0][3]).to.equal(it(stats.timeToAccept.count));
    expect(times[0][1]).to.match(/^\d+ (ore|giorni)$/);
    // One bar per row of each table; the charts are pictures of the tables.
    expect(view.shadowRoot!.querySelectorAll('section[data-section=st-status] svg rect.bar').length).to.equal(stats.byStatus.length);
    expect(view.shadowRoot!.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(view.shadowRoot!.querySelectorAll('section[data-section=st-monthly] svg rect').length).to.equal(24);
  });

  it('settings: no tab for staff, nor by URL; the admin has it and saves an office’s e-mail', async () => {
    const staffEl = await mountAdmin({ as: clerk, hash: '#segnala-admin/settings' });
    await queueView(staffEl);
    expect(tabs(staffEl)).to.deep.equal(['Segnalazioni', 'Statistiche', 'Pianificazione', 'E-mail non recapitate']);
    expect(staffEl.shadowRoot!.querySelector('segnala-admin-settings')).to.equal(null);
    staffEl.remove();
    resetAdminPage();

    const el = await mountAdmin();
    await logInThroughForm(el, ADMIN, PASSWORD);
    await queueView(el);
    expect(tabs(el)).to.deep.equal(['Segnalazioni', 'Statistiche', 'Pianificazione', 'E-mail non recapitate', 'Impostazioni']);
    const view = await openTab(el, 'Impostazioni', 'segnala-admin-settings');
    const settings = await adminApi<Settings>(admin, '/settings');
    await until(() => panel(view, 'departments')?.querySelector('table.departments tbody tr'), 'settings did not load');
    await expect(view).to.be.accessible();
    const root = view.shadowRoot!;
    const departments = panel(view, 'departments')!;
    expect(departments.querySelectorAll('table.departments tbody tr').length).to.equal(settings.departments.length);
    expect(panel(view, 'categories')!.querySelectorAll('table.categories tbody tr').length).to.equal(settings.categories.length);
    expect(panel(view, 'staff')!.querySelectorAll('table.staff tbody tr').length).to.equal(settings.staff.length);
    expect(panel(view, 'municipality')!.querySelector<HTMLInputElement>('#m-publish')!.checked).to.equal(settings.municipality.publishOnArrival);

    const office = settings.departments.find((d) => d.name.startsWith('Servizi Sociali'))!;
    const email = departments.querySelector<HTMLInputElement>(`#d-email-${office.id}`)!;
    // A wrong address is caught before sending, on its field.
    setValue(email, 'non-un-indirizzo');
    [...departments.querySelectorAll<HTMLButtonElement>(`tr[data-id="${office.id}"] button`)][0].click();
    await until(() => email.getAttribute('aria-invalid') === 'true', 'no error on the e-mail');
    setValue(email, 'sociale@seravezza.example');
    [...departments.querySelectorAll<HTMLButtonElement>(`tr[data-id="${office.id}"] button`)][0].click();
    await until(() => text(root.querySelector('.notice.success')) === 'Modifiche salvate.', 'not saved');
    const after = await adminApi<Settings>(admin, '/settings');
    expect(after.departments.find((d) => d.id === office.id)!.email).to.equal('sociale@seravezza.example');
    await expect(view).to.be.accessible();
  });

  it('settings: each panel checks its fields before sending, the message tied to the field and the focus on it', async () => {
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-settings'), 'no settings');
    const municipality = await until(() => panel(view, 'municipality')?.querySelector('form') && panel(view, 'municipality'), 'settings did not load');
    const before = await adminApi<Settings>(admin, '/settings');

    setValue(municipality.querySelector<HTMLTextAreaElement>('#m-origins')!, 'https://comune.example\nftp://altro.example');
    municipality.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const origins = municipality.querySelector<HTMLTextAreaElement>('#m-origins')!;
    await until(() => origins.getAttribute('aria-invalid') === 'true', 'no error on the origins');
    expect(origins.getAttribute('aria-describedby')).to.equal('m-origins-hint m-origins-error');
    expect(text(municipality.querySelector('#m-origins-error'))).to.equal('Non è un sito valido: ftp://altro.example');
    await until(() => activeElement() === origins, 'focus not on the origins');

    const categories = panel(view, 'categories')!;
    categories.querySelector<HTMLButtonElement>('form.add button[type=submit]')!.click();
    const name = categories.querySelector<HTMLInputElement>('#c-new-name')!;
    await until(() => activeElement() === name, 'focus not on the new category’s name');
    expect(name.getAttribute('aria-describedby')).to.equal('c-new-name-error');
    expect(text(categories.querySelector('#c-new-name-error'))).to.equal('Scrivi un nome di almeno 2 caratteri.');

    const staff = panel(view, 'staff')!;
    setValue(staff.querySelector<HTMLInputElement>('#u-new-name')!, 'Ada Prova');
    setValue(staff.querySelector<HTMLInputElement>('#u-new-email')!, 'ada@seravezza.example');
    setValue(staff.querySelector<HTMLInputElement>('#u-new-password')!, 'corta');
    staff.querySelector<HTMLButtonElement>('form.add button[type=submit]')!.click();
    const password = staff.querySelector<HTMLInputElement>('#u-new-password')!;
    await until(() => activeElement() === password, 'focus not on the password');
    expect(password.getAttribute('aria-describedby')).to.equal('u-new-password-hint u-new-password-error');
    expect(staff.querySelector('#u-new-name')!.getAttribute('aria-invalid')).not.to.equal('true');
    // Each panel keeps its own errors; nothing was sent.
    expect(origins.getAttribute('aria-invalid')).to.equal('true');
    expect(view.shadowRoot!.querySelector<HTMLElement>('.notice.success')!.hidden).to.equal(true);
    await expect(view).to.be.accessible();
    expect(await adminApi<Settings>(admin, '/settings')).to.deep.equal(before);
  });

  it('in English: login, sections, statuses and dates', async () => {
    const el = await mountAdmin({ lang: 'en' });
    const login = await logInThroughForm(el, CLERK, PASSWORD);
    expect(text(login.shadowRoot!.querySelector('h2'))).to.contain('Staff login');
    const queue = await queueView(el);
    await expect(queue).to.be.accessible();
    expect(tabs(el)).to.deep.equal(['Reports', 'Statistics', 'Planning', 'Undelivered e-mail']);
    expect(text(queue.shadowRoot!.querySelector('h2'))).to.equal('Reports');
    expect(text(queue.shadowRoot!.querySelector('thead'))).to.contain('Deadline');
    expect(text(queue.shadowRoot!.querySelector('.count'))).to.match(/^\d+ reports/);
    const statuses = [...queue.shadowRoot!.querySelectorAll('tbody .status')].map((s) => text(s));
    expect(statuses.some((s) => /Submitted|Taken in charge|In progress|Work scheduled/.test(s))).to.equal(true);
    expect(text(queue.shadowRoot!.querySelector('tbody time'))).to.match(/ago|yesterday|today|hour|minute/);
    const stats = await openTab(el, 'Statistics', 'segnala-admin-stats');
    await until(() => stats.shadowRoot!.querySelector('.total'), 'the statistics did not load');
    expect(text(stats.shadowRoot!.querySelector('#st-monthly'))).to.equal('Monthly trend (last 12 months)');
    await expect(stats).to.be.accessible();
  });
});
