import { expect } from '@open-wc/testing';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { Config } from '../../widget/api.ts';
import { ADMIN, adminApi, apiLogin, hideReports, publicApi } from './admin-helpers.ts';
import { currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot; setLocation(p: { lat: number; lon: number }, c: boolean): Promise<void> };

/** The filings the widget sends, as they leave the page. */
function recordFilings() {
  const sent: Record<string, unknown>[] = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    if (init?.method === 'POST' && String(input).endsWith('/reports') && typeof init.body === 'string') sent.push(JSON.parse(init.body));
    return original(input, init);
  };
  return { sent, restore: () => (window.fetch = original) };
}

/** Opens the form and fills it in at machine speed (the way a bot would, and faster than a person). */
async function fillForm(title: string, honeypot = '') {
  history.replaceState(null, '', '#segnala/new');
  const el = await mountWidget();
  const view = currentView(el) as View;
  const config = await publicApi<Config>('/config');
  deep<HTMLInputElement>(view, '#f-privacy')!.click();
  deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
  await until(() => deep(view, '#f-category'), 'step 2 not shown');
  await view.setLocation({ lat: config.map.center.lat + 0.001, lon: config.map.center.lon + 0.001 }, true);
  const set = (id: string, value: string, type = 'input') => {
    const input = deep<HTMLInputElement>(view, id)!;
    input.value = value;
    input.dispatchEvent(new Event(type));
  };
  set('#f-category', String(config.categories[0].id), 'change');
  set('#f-title', title);
  set('#f-details', 'Depositata dal test anti-spam.');
  if (honeypot) set('#f-website', honeypot);
  deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
  await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
  const send = [...view.shadowRoot.querySelectorAll('button')].find((b) => text(b) === 'Conferma e invia')!;
  return { el, view, send };
}

describe('spam checks in the filing form', () => {
  let admin: Session;
  const filed: string[] = [];

  before(async () => {
    admin = await apiLogin(ADMIN);
  });
  beforeEach(resetPage);
  after(async () => {
    await adminApi(admin, '/settings', { method: 'PATCH', body: JSON.stringify({ spamCheck: 'form', formMinSeconds: 3 }) });
    await hideReports(admin, filed);
  });

  it('the honeypot is out of sight, out of the tab order and hidden from screen readers', async () => {
    const { view } = await fillForm('Controllo del campo trappola');
    deep<HTMLButtonElement>(view, '.actions button')!.click();
    const honeypot = await until(() => deep<HTMLInputElement>(view, '#f-website'), 'no honeypot in step 2');
    expect(honeypot.tabIndex).to.equal(-1);
    expect(honeypot.closest('[aria-hidden="true"]')).not.to.equal(null);
    const box = honeypot.getBoundingClientRect();
    expect(box.right <= 0 || box.width <= 1, 'not visible on the page').to.equal(true);
    await expect(view).to.be.accessible();
  });

  it('a form sent at once waits out the minimum fill time, says so, then files with its token', async () => {
    const filings = recordFilings();
    try {
      const { view, send } = await fillForm('Buca sentita dal controllo anti-spam');
      send.click();
      const statuses = () => [...view.shadowRoot.querySelectorAll('[role=status]')].map(text).join(' ');
      await until(() => statuses().includes('Controllo anti-spam'), 'the wait is not announced', 2000);
      const reference = text(await until(() => deep(view, '.reference'), 'not filed after the wait', 10_000));
      filed.push(reference);
      expect(filings.sent).to.have.length(1);
      const antiSpam = filings.sent[0].antiSpam as { token: string; website: string; altcha?: string };
      expect(antiSpam.token).to.be.a('string');
      expect(antiSpam.website).to.equal('');
      expect(antiSpam.altcha).to.equal(undefined);
    } finally {
      filings.restore();
    }
  });

  it('a filled honeypot: the citizen is told, nothing is filed', async () => {
    const { view, send } = await fillForm('Offerta imperdibile', 'https://spam.example');
    send.click();
    const error = await until(() => deep(view, '.send-error'), 'no error shown', 10_000);
    expect(text(error)).to.contain('programma automatico');
    expect(deep(view, '.reference')).to.equal(null);
    const { reports } = await publicApi<{ reports: { title: string }[] }>('/reports?status=all&q=Offerta%20imperdibile');
    expect(reports.map((r) => r.title)).not.to.include('Offerta imperdibile');
  });

  it('with ALTCHA on, the browser solves the proof of work by itself and the report is filed', async () => {
    await adminApi(admin, '/settings', { method: 'PATCH', body: JSON.stringify({ spamCheck: 'pow', formMinSeconds: 1 }) });
    const filings = recordFilings();
    try {
      const { view, send } = await fillForm('Cestino pieno, con prova di calcolo');
      send.click();
      const reference = text(await until(() => deep(view, '.reference'), 'not filed', 15_000));
      filed.push(reference);
      const antiSpam = filings.sent[0].antiSpam as { altcha?: string };
      const payload = JSON.parse(atob(antiSpam.altcha!)) as { solution: { counter: number } };
      expect(payload.solution.counter).to.be.greaterThan(0);
    } finally {
      filings.restore();
    }
  });
});
