import { expect } from '@open-wc/testing';
import { activeElement, api, currentView, deep, deepAll, mountWidget, openFilingStep2, resetPage, text, until } from './helpers.ts';
import type { SegnalaWidget } from '../../widget/segnala-widget.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

const openStep2 = openFilingStep2;

/** Goes to a section by its tab in the widget's bar, as a citizen does. */
async function openTab(el: SegnalaWidget, hash: string, tag: string) {
  deepAll<HTMLAnchorElement>(el, 'nav a').find((a) => a.getAttribute('href') === hash)!.click();
  return until(() => (currentView(el).localName === tag ? currentView<View>(el) : null), `${tag} not shown`);
}

const setValue = (view: View, selector: string, value: string, type = 'input') => {
  const input = deep<HTMLInputElement>(view, selector)!;
  input.value = value;
  input.dispatchEvent(new Event(type));
};

/** Fills step 2 with a place on the map, a category, a title and details. */
async function fillStep2(view: View, title: string, email = '') {
  const { categories, map } = await api<{ categories: { id: number }[]; map: { center: { lat: number; lon: number } } }>('/config');
  await (view as unknown as { setLocation(p: { lat: number; lon: number }, c: boolean): Promise<void> }).setLocation(map.center, true);
  setValue(view, '#f-category', String(categories[0].id), 'change');
  setValue(view, '#f-title', title);
  setValue(view, '#f-details', 'Scritto da un test del widget.');
  if (email) setValue(view, '#f-email', email);
}

/** Step 2 filled → summary → "Conferma e invia" → the confirmation. */
async function send(view: View) {
  deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
  await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
  deep<HTMLButtonElement>(view, '.actions button.primary')!.click();
  await until(() => deep(view, '.reference'), 'not filed', 20_000);
  return text(deep(view, '.reference'));
}

const outlined = (el: Element) => {
  const cs = getComputedStyle(el);
  return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
};

describe('new report: focus, layout and words', () => {
  beforeEach(resetPage);

  it('shows a focus ring where the widget moves the focus itself (step heading, error summary)', async () => {
    const { view } = await openStep2();
    const heading = await until(() => (activeElement()?.localName === 'h2' ? activeElement() : null), 'step heading not focused');
    expect(outlined(heading!), 'step heading').to.equal(true);
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    const box = await until(() => (activeElement()?.classList.contains('error-summary') ? activeElement() : null), 'error summary not focused');
    expect(outlined(box!), 'error summary').to.equal(true);
    expect(text(box)).to.contain('errori');
  });

  it('shows the new report in "Mappa e elenco" right after filing, without a reload', async () => {
    const el = await mountWidget();
    const map = currentView<View>(el);
    await until(() => deepAll(map, '.report-item').length > 0, 'no report listed');
    const view = await openTab(el, '#segnala/new', 'segnala-new-report');
    deep<HTMLInputElement>(view, '#f-privacy')!.click();
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    await until(() => deep(view, '#f-category'), 'step 2 not shown');
    const title = `Appena inviata ${Date.now()}`;
    await fillStep2(view, title);
    const reference = await send(view);
    // Remembered as this browser's own report: no "Mi associo" on it (support-button.ts).
    expect(JSON.parse(localStorage.getItem('segnala:seravezza:filed') ?? '[]')).to.include(reference);
    const back = await openTab(el, '#segnala/map', 'segnala-report-map');
    expect(back).to.equal(map);
    await until(() => back.shadowRoot.querySelector(`.report-item[data-reference="${reference}"]`), 'the new report is not in the list');
  });

  it('choosing a category does not move the title and description: similar reports come after them', async () => {
    const { reports } = await api<{ reports: { categoryId: number; location: { lat: number; lon: number } | null }[] }>('/reports?status=open&limit=50');
    const target = reports.find((r) => r.location)!;
    const { view } = await openStep2();
    await (view as unknown as { setLocation(p: { lat: number; lon: number }, c: boolean): Promise<void> }).setLocation(target.location!, true);
    const title = deep(view, '#f-title')!;
    const details = deep(view, '#f-details')!;
    const before = [title.getBoundingClientRect().top, details.getBoundingClientRect().top];
    setValue(view, '#f-category', String(target.categoryId), 'change');
    await until(() => deep(view, '.duplicates'), 'no similar reports offered');
    expect([title.getBoundingClientRect().top, details.getBoundingClientRect().top]).to.deep.equal(before);
  });

  it('says what is missing in plain words, marks the place required, and says a receipt was e-mailed', async () => {
    const { view } = await openStep2();
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    await until(() => deep(view, '.error-summary'), 'no error summary');
    expect(text(deep(view, '#f-title-error'))).to.equal('Scrivi un titolo.');
    expect(text(deep(view, 'fieldset legend'))).to.match(/\*$/);
    // A mouse here: "Fai clic"; a finger gets "Tocca" (matchMedia('(pointer: coarse)')).
    expect(text(view.shadowRoot.querySelector('.map')!.previousElementSibling)).to.contain(matchMedia('(pointer: coarse)').matches ? 'Tocca' : 'Fai clic');
    await fillStep2(view, 'Ricevuta per e-mail', 'ricevuta@example.org');
    await send(view);
    expect(text(deep(view, '.receipt'))).to.contain('ricevuta@example.org');
  });
});
