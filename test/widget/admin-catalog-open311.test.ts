import { expect } from '@open-wc/testing';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { Config } from '../../widget/api.ts';
import {
  ADMIN,
  API,
  CLERK,
  MUNICIPALITY,
  TECNICO_DEPARTMENT,
  adminApi,
  apiLogin,
  fileReport,
  hideReports,
  mountAdmin,
  publicApi,
  queueView,
  reportView,
  resetAdminPage,
  rowsOf,
  text,
  until,
} from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

describe('console: names of retired categories', () => {
  let clerk: Session;
  let admin: Session;
  let reference: string;
  let retired: { id: number; name: string };

  before(async () => {
    clerk = await apiLogin(CLERK);
    admin = await apiLogin(ADMIN);
    // A category of its own, so retiring it changes nothing other tests rely on.
    const name = `Cartelloni abusivi ${Date.now().toString(36)}`;
    const { id } = await adminApi<{ id: number }>(admin, '/categories', {
      method: 'POST',
      body: JSON.stringify({ name, departmentId: TECNICO_DEPARTMENT, daysToAccept: 3, daysToResolve: 30, active: true }),
    });
    retired = { id, name };
    reference = (await fileReport({ categoryId: id, title: 'Cartellone sul marciapiede' })).reference;
    await adminApi(admin, `/categories/${id}`, { method: 'PATCH', body: JSON.stringify({ active: false }) });
    const config = await publicApi<Config>('/config');
    expect(config.categories.map((c) => c.id)).not.to.include(id);
  });
  beforeEach(resetAdminPage);
  after(async () => {
    await hideReports(admin, [reference]);
  });

  it('the queue and its filter still name it, marked as no longer in use', async () => {
    const el = await mountAdmin({ as: clerk });
    const queue = (await queueView(el)) as View;
    await expect(queue).to.be.accessible();
    const row = await until(() => rowsOf(queue).find((tr) => tr.dataset.reference === reference), 'the report is not in the queue');
    expect(text(row.querySelector('td[data-label="Tipo"]'))).to.equal(`${retired.name} (non più in uso)`);
    const option = queue.shadowRoot.querySelector<HTMLOptionElement>(`#f-category option[value="${retired.id}"]`);
    expect(text(option)).to.equal(`${retired.name} (non più in uso)`);
  });

  it('the detail names it; reassigning offers active categories only, besides the current one', async () => {
    const el = await mountAdmin({ as: clerk, hash: `#segnala-admin/report/${reference}` });
    const view = (await reportView(el)) as View;
    await expect(view).to.be.accessible();
    const facts = [...view.shadowRoot.querySelectorAll('dl.facts dt')];
    const category = facts.find((dt) => text(dt) === 'Tipo di disservizio')!.nextElementSibling;
    expect(text(category)).to.equal(`${retired.name} (non più in uso)`);

    const catalog = await adminApi<{ categories: { id: number; active: boolean }[] }>(clerk, '/catalog');
    expect(catalog.categories.some((c) => !c.active && c.id !== retired.id)).to.equal(false, 'the demo has other retired categories: the next check would prove less');
    const select = view.shadowRoot.querySelector('segnala-admin-assign-action')!.shadowRoot!.querySelector<HTMLSelectElement>('#a-category')!;
    const offered = [...select.options].map((o) => Number(o.value));
    const active = catalog.categories.filter((c) => c.active).map((c) => c.id);
    expect(offered.sort()).to.deep.equal([...active, retired.id].sort());
    expect(Number(select.value)).to.equal(retired.id);
  });
});

describe('console: Open311 key', () => {
  let admin: Session;

  before(async () => {
    admin = await apiLogin(ADMIN);
  });
  beforeEach(resetAdminPage);

  /** Posts an empty filing with a key: a wrong key is refused (403) before the filing is read (400). */
  const tryKey = async (key: string) => {
    const res = await fetch(`${API}/open311/v2/${MUNICIPALITY}/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: key }),
    });
    return res.status;
  };

  it('explains the endpoint, generates a key shown once, and a new one replaces it after asking', async () => {
    const el = await mountAdmin({ as: admin, hash: '#segnala-admin/settings' });
    const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-settings') as View | null, 'no settings');
    const open311 = () => view.shadowRoot.querySelector('segnala-admin-open311-panel')?.shadowRoot;
    const section = await until(() => open311()?.querySelector<HTMLElement>('section.open311'), 'no Open311 section');
    await expect(view).to.be.accessible();
    expect(text(section.querySelector('h3'))).to.equal('Open311 (integrazione con altri sistemi)');
    expect(text(section.querySelector('.endpoint'))).to.equal(`${API}/open311/v2/${MUNICIPALITY}/`);

    const generate = () => section.querySelector<HTMLButtonElement>('button.generate-key')!;
    generate().click();
    // A key may exist already (another run against the same server): then the console asks first.
    const first = await until(() => section.querySelector('.key') ?? section.querySelector('.confirm-key'), 'nothing happened');
    if (first.classList.contains('confirm-key')) [...first.querySelectorAll('button')][0].click();
    const keyBox = await until(() => section.querySelector('.key'), 'no key shown');
    const key = text(keyBox);
    expect(key.length).to.be.greaterThan(20);
    expect(text(section.querySelector('.new-key'))).to.contain('è mostrata solo adesso');
    expect(text(section.querySelector('.new-key'))).to.contain('smetterà di funzionare');
    await until(() => activeElement()?.id === 'h-new-key', 'the focus did not move to the new key');
    await expect(view).to.be.accessible();
    expect(await tryKey(key)).to.equal(400);
    expect(await tryKey('not-the-key')).to.equal(403);

    section.querySelector<HTMLButtonElement>('.new-key button')!.click();
    await until(() => section.querySelector('.new-key .hint'), 'copying said nothing');
    expect(['Chiave copiata negli appunti.', 'Copia non riuscita: seleziona la chiave e copiala a mano.']).to.include(text(section.querySelector('.new-key .hint')));

    // Now a key is active: a new one is generated only after saying yes.
    await until(() => text(section).includes('Una chiave è attiva.'), 'the key is not said to be active');
    generate().click();
    const confirm = await until(() => section.querySelector<HTMLElement>('.confirm-key'), 'no confirmation asked');
    expect(activeElement()).to.equal(confirm);
    expect(section.querySelector('.key')).to.equal(null);
    const [yes, cancel] = [...confirm.querySelectorAll('button')];
    expect(text(cancel)).to.equal('Annulla');
    yes.click();
    const second = await until(() => text(section.querySelector('.key')) || undefined, 'no new key');
    expect(second).not.to.equal(key);
    expect(await tryKey(key)).to.equal(403);
    expect(await tryKey(second)).to.equal(400);

    // Shown once: back on the page, the key is gone.
    el.shadowRoot!.querySelector<HTMLAnchorElement>('nav a')!.click();
    await until(() => el.shadowRoot!.querySelector('segnala-admin-queue'), 'no queue');
    [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].pop()!.click();
    await until(() => view.isConnected && open311()?.querySelector('section.open311'), 'no settings again');
    expect(open311()!.querySelector('.key')).to.equal(null);
  });
});
