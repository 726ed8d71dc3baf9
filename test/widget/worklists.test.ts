import { expect } from '@open-wc/testing';
import type { Catalog, QueuePage, Session, StaffReport } from '../../widget/admin/admin-api.ts';
import {
  ADMIN,
  CLERK,
  TECNICO_DEPARTMENT,
  adminApi,
  apiLogin,
  fileReport,
  mountAdmin,
  myQueue,
  queueView,
  reportView,
  resetAdminPage,
  rowsOf,
  setValue,
  text,
  until,
} from './admin-helpers.ts';

// Issue 15 §1 in the console: "my reports" first, a report given to a colleague or taken, and one
// action on a selection, refused whole when a colleague changed one of them meanwhile.
let clerk: Session;
let admin: Session;
let catalog: Catalog;
let works: number;
const COLLEAGUE = 'Sara Lenzi';

const report = (reference: string) => adminApi<StaffReport>(admin, `/reports/${reference}`);
const inForm = <T extends HTMLElement>(view: Element, tag: string, selector: string) =>
  view.shadowRoot!.querySelector(tag)!.shadowRoot!.querySelector<T>(selector)!;
const bulkBar = (queue: Element) => queue.shadowRoot!.querySelector('segnala-admin-bulk-actions');
const tick = (queue: Element, reference: string) => {
  const box = queue.shadowRoot!.querySelector<HTMLInputElement>(`tr[data-reference="${reference}"] td.pick input`)!;
  box.click();
};

/** The whole queue narrowed to these reports, by their shared title word. */
async function showOnly(queue: Element, word: string, count: number) {
  setValue(queue.shadowRoot!.querySelector<HTMLInputElement>('#f-q')!, word);
  queue.shadowRoot!.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
  await until(() => rowsOf(queue).length === count, `the ${count} reports “${word}” are not listed`);
}

describe('console: my reports, assigning, bulk actions', () => {
  before(async () => {
    clerk = await apiLogin(CLERK);
    admin = await apiLogin(ADMIN);
    catalog = await adminApi<Catalog>(clerk, '/catalog');
    works = catalog.categories.find((c) => c.departmentId === TECNICO_DEPARTMENT && c.active)!.id;
  });
  beforeEach(resetAdminPage);

  it('a clerk starts on “Le mie”: only their reports, each saying so; “Da assegnare” shows the office’s others', async () => {
    const mine = await adminApi<QueuePage>(clerk, '/reports?assignee=me&status=open&limit=200');
    expect(mine.total, 'the demo gives the clerk some reports').to.be.greaterThan(0);
    const el = await mountAdmin({ as: clerk });
    const queue = await myQueue(el);
    await expect(queue).to.be.accessible();
    const root = queue.shadowRoot!;
    expect(root.querySelector('.scope-me')!.getAttribute('aria-pressed')).to.equal('true');
    expect(text(root.querySelector('.count'))).to.contain(`${mine.total} segnalazion`);
    expect(rowsOf(queue).map((r) => text(r.querySelector('td.assignee')))).to.deep.equal(mine.reports.slice(0, 50).map(() => clerk.user.name));

    root.querySelector<HTMLButtonElement>('.scope-none')!.click();
    await until(() => root.querySelector('.scope-none')!.getAttribute('aria-pressed') === 'true' && rowsOf(queue).every((r) => text(r.querySelector('td.assignee')) === 'All’ufficio'), 'unassigned not shown');
    const none = await adminApi<QueuePage>(clerk, '/reports?assignee=none&status=open&limit=1');
    await until(() => text(root.querySelector('.count')).startsWith(`${none.total} segnalazion`), 'unassigned count not shown');
  });

  it('a clerk gives a report to a colleague, then takes it: the page and its history say so', async () => {
    const { reference } = await fileReport({ categoryId: works, title: 'Tombino sollevato da assegnare' });
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${reference}` });
    const view = await reportView(el);
    const select = inForm<HTMLSelectElement>(view, 'segnala-admin-assignee-action', '#a-assignee');
    const sara = catalog.staff.find((s) => s.name === COLLEAGUE)!;
    setValue(select, String(sara.id));
    inForm<HTMLButtonElement>(view, 'segnala-admin-assignee-action', 'button[type=submit]').click();
    await until(() => text(view.shadowRoot!.querySelector('.notice.success')) === 'Assegnazione salvata.', 'not saved');
    await until(() => text(view.shadowRoot!.querySelector('dl.facts')).includes(`Assegnata a ${COLLEAGUE}`), 'the facts do not name her');
    expect(text(view.shadowRoot!.querySelector('ol.history li'))).to.contain(`Assegnata a ${COLLEAGUE}`);
    expect((await report(reference)).assignee).to.deep.equal({ id: sara.id, name: COLLEAGUE });

    await until(() => inForm(view, 'segnala-admin-assignee-action', 'button.take'), 'no “Me ne occupo io”');
    inForm<HTMLButtonElement>(view, 'segnala-admin-assignee-action', 'button.take').click();
    await until(() => text(view.shadowRoot!.querySelector('dl.facts')).includes(`Assegnata a ${clerk.user.name}`), 'not taken');
    expect((await report(reference)).assignee?.id).to.equal(clerk.user.id);
    await expect(view).to.be.accessible();
  });

  it('one status and message for a selection: every report changes, each with its own public event', async () => {
    const word = `lampioni${Date.now()}`;
    const filed = await Promise.all([1, 2].map((n) => fileReport({ categoryId: works, title: `Guasto ${word} numero ${n}` })));
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    await showOnly(queue, word, 2);
    for (const f of filed) tick(queue, f.reference);
    const bar = await until(() => bulkBar(queue), 'no bulk form');
    await (bar as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(text(bar.shadowRoot!.querySelector('h3'))).to.equal('Azione su 2 segnalazioni selezionate');
    await expect(queue).to.be.accessible();
    setValue(bar.shadowRoot!.querySelector<HTMLSelectElement>('#b-status')!, 'in_progress');
    setValue(bar.shadowRoot!.querySelector<HTMLTextAreaElement>('#b-message')!, 'Squadra al lavoro in zona.');
    bar.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => !bulkBar(queue), 'the selection was not cleared');
    await until(() => rowsOf(queue).every((r) => text(r).includes('In lavorazione')), 'the rows do not show the new status');
    for (const f of filed) {
      const r = await report(f.reference);
      expect(r.status).to.equal('in_progress');
      const last = r.events.at(-1)!;
      expect([last.type, last.message, last.public, last.by?.name]).to.deep.equal(['status', 'Squadra al lavoro in zona.', true, clerk.user.name]);
    }
  });

  it('a colleague changed one of the selection meanwhile: nothing changes, the clerk is told which, and can apply again', async () => {
    const word = `panchine${Date.now()}`;
    const filed = await Promise.all([1, 2].map((n) => fileReport({ categoryId: works, title: `Rotta ${word} numero ${n}` })));
    const el = await mountAdmin({ as: clerk });
    const queue = await queueView(el);
    await showOnly(queue, word, 2);
    for (const f of filed) tick(queue, f.reference);
    const bar = await until(() => bulkBar(queue), 'no bulk form');
    // Meanwhile the administrator gives the second one to the colleague.
    const second = await report(filed[1].reference);
    await adminApi(admin, `/reports/${filed[1].reference}/assignee`, {
      method: 'POST',
      body: JSON.stringify({ assigneeId: catalog.staff.find((s) => s.name === COLLEAGUE)!.id, version: second.version }),
    });
    setValue(bar.shadowRoot!.querySelector<HTMLSelectElement>('#b-status')!, 'accepted');
    bar.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const alert = await until(() => bar.shadowRoot!.querySelector('.bulk-error'), 'no error shown');
    expect(text(alert)).to.contain(filed[1].reference);
    expect(text(alert)).to.contain('non è stato cambiato nulla');
    expect(bar.shadowRoot!.activeElement).to.equal(alert);
    expect((await report(filed[0].reference)).status).to.equal('submitted');
    // The list was reloaded with the new versions: the same click now goes through.
    await until(() => text(rowsOf(queue).find((r) => r.dataset.reference === filed[1].reference)!.querySelector('td.assignee')) === COLLEAGUE, 'the list was not reloaded');
    bar.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => !bulkBar(queue), 'not applied the second time');
    for (const f of filed) expect((await report(f.reference)).status).to.equal('accepted');
  });
});
