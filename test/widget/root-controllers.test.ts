// What the citizen widget and the staff console share through widget/controllers/: following
// <html lang>, the hash route with the browser's back and forward buttons, the focus after a change
// of view, and the live region. The other suites cover the widget's language and its links; these
// cover what they did not: the console, and going back and forward.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { apiLogin, loginView, mountAdmin, queueView, resetAdminPage } from './admin-helpers.ts';
import { API, MUNICIPALITY, TILE, activeElement, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';
import type { WidgetContext } from '../../widget/context.ts';
import type { SegnalaAdmin } from '../../widget/admin/segnala-admin.ts';

/**
 * The tab's history made to hold only this page (web-test-runner.config.mjs, `fresh-history`): the
 * runner's tab, reused by every test file, is otherwise at Chromium's cap of 50 entries by the time
 * this file runs, where going back over the entries a test pushes left the test page.
 */
async function historyOfOwnEntries() {
  await executeServerCommand('fresh-history');
  if (history.length !== 1) throw new Error(`the tab's history still holds ${history.length} entries`);
}

/** Goes back or forward in the browser's history and waits for the page to get there. */
async function travel(direction: 'back' | 'forward', hash: string) {
  const from = `${location.hash || '(no hash)'}, ${history.length} entries`;
  if (direction === 'back') history.back();
  else history.forward();
  await until(() => location.hash === hash, `${direction} from ${from}: the URL did not become "${hash}" (it is "${location.hash}")`);
}

/** The text of the heading that has the focus, if a heading has it. */
function focusedHeading() {
  const a = activeElement();
  return a && /^h[1-3]$/.test(a.localName) ? text(a) : undefined;
}

describe('the citizen widget, going back and forward', () => {
  beforeEach(resetPage);

  it('shows the view of each URL, with the focus on its heading, and the first view again without a hash', async () => {
    await historyOfOwnEntries();
    const el = await mountWidget();
    await expect(el).to.be.accessible();
    const tab = (hash: string) => deepAll<HTMLAnchorElement>(el, 'nav a').find((a) => a.getAttribute('href') === hash)!;
    const viewIs = (tag: string) => until(() => currentView(el).localName === tag && currentView(el), `${tag} not shown (${currentView(el)?.localName})`);

    tab('#segnala/new').click();
    await viewIs('segnala-new-report');
    tab('#segnala/track').click();
    await viewIs('segnala-track');
    expect(location.hash).to.equal('#segnala/track');
    await until(() => focusedHeading() === 'Segui la tua segnalazione', `focus not on the tracking heading (${focusedHeading()})`);

    await travel('back', '#segnala/new');
    await viewIs('segnala-new-report');
    await until(() => focusedHeading()?.includes('Passo 1 di 3'), `focus not on the first step's heading (${focusedHeading()})`);
    expect(deep(el, 'nav a[aria-current=page]')!.getAttribute('href')).to.equal('#segnala/new');

    await travel('forward', '#segnala/track');
    await viewIs('segnala-track');
    await until(() => focusedHeading() === 'Segui la tua segnalazione', 'focus not back on the tracking heading');

    await travel('back', '#segnala/new');
    await travel('back', '');
    await viewIs('segnala-report-map');
    expect(deep(el, 'nav a[aria-current=page]')!.getAttribute('href')).to.equal('#segnala/map');
  });

  it("leaves the host page's own anchors alone", async () => {
    history.replaceState(null, '', '#segnala/track');
    const el = await mountWidget();
    await until(() => currentView(el).localName === 'segnala-track', 'the URL did not open the tracking view');
    location.hash = '#contatti';
    await new Promise((r) => setTimeout(r, 100));
    expect(currentView(el).localName).to.equal('segnala-track');
  });

  it('says the same message twice to screen readers (the live region empties in between)', async () => {
    const el = await mountWidget();
    const region = deep(el, '[role=status][aria-live=polite]')!;
    const said: string[] = [];
    new MutationObserver(() => said.push(text(region))).observe(region, { childList: true, subtree: true, characterData: true });
    const ctx = (currentView(el) as HTMLElement & { ctx: WidgetContext }).ctx;
    ctx.announce('Filtro applicato.');
    await until(() => text(region) === 'Filtro applicato.', 'not announced');
    ctx.announce('Filtro applicato.');
    await until(() => said.filter((s) => s === 'Filtro applicato.').length === 2, `not announced again (${JSON.stringify(said)})`);
    expect(said.slice(-2)).to.deep.equal(['', 'Filtro applicato.']);
  });
});

describe('the staff console, its language and its URL', () => {
  beforeEach(resetAdminPage);

  it('follows <html lang> when it has no lang of its own, and keeps its own otherwise', async () => {
    const el = await mountAdmin();
    await loginView(el);
    const heading = (console: SegnalaAdmin) => text(deep(console, 'segnala-admin-login', 'h2'));
    expect(heading(el)).to.contain('Accesso del personale');

    document.documentElement.lang = 'en';
    await until(() => heading(el).includes('Staff login'), 'did not follow <html lang="en">');
    expect(deep(el, 'section.base')!.getAttribute('lang')).to.equal('en');
    expect(deep(el, 'section.base')!.getAttribute('aria-label')).to.contain('Staff console');
    await expect(el).to.be.accessible();

    document.documentElement.lang = 'it';
    await until(() => heading(el).includes('Accesso del personale'), 'did not follow <html lang="it">');

    // Its own attribute wins over the page's.
    const own = await fixture<SegnalaAdmin>(html`<segnala-admin api=${API} municipality=${MUNICIPALITY} tile-url=${TILE} lang="en"></segnala-admin>`);
    await loginView(own);
    await until(() => heading(own).includes('Staff login'), 'lang="en" not spoken');
    document.documentElement.lang = 'en';
    document.documentElement.lang = 'it';
    await new Promise((r) => setTimeout(r, 100));
    expect(heading(own)).to.contain('Staff login');
  });

  it('shows the view of each URL when going back and forward, with the focus on its heading', async () => {
    await historyOfOwnEntries();
    const el = await mountAdmin({ as: await apiLogin() });
    await queueView(el);
    const tab = (hash: string) => [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => a.getAttribute('href') === hash)!;
    const shown = (tag: string) => until(() => el.shadowRoot!.querySelector(`.view > ${tag}:not([hidden])`), `${tag} not shown`);

    tab('#segnala-admin/stats').click();
    await shown('segnala-admin-stats');
    expect(location.hash).to.equal('#segnala-admin/stats');

    tab('#segnala-admin/queue').click();
    await queueView(el);
    await travel('back', '#segnala-admin/stats');
    await shown('segnala-admin-stats');
    await until(() => focusedHeading() === 'Statistiche', `focus not on the statistics heading (${focusedHeading()})`);
    expect(el.shadowRoot!.querySelector('nav a[aria-current=page]')!.getAttribute('href')).to.equal('#segnala-admin/stats');

    await travel('forward', '#segnala-admin/queue');
    await queueView(el);
    await until(() => activeElement()?.localName === 'h2', 'focus not on the queue heading');
    expect(el.shadowRoot!.querySelector('nav a[aria-current=page]')!.getAttribute('href')).to.equal('#segnala-admin/queue');
  });
});
