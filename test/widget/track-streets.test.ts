import { expect } from '@open-wc/testing';
import type { StreetWithCount } from '../../widget/api.ts';
import { activeElement, api, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

describe('track view', () => {
  beforeEach(resetPage);

  it('explains a malformed code and an unknown one, on the field', async () => {
    const el = await mountWidget({ view: 'track' });
    const view = currentView(el);
    await expect(view).to.be.accessible();
    const input = deep<HTMLInputElement>(view, '#code')!;
    const submit = deep<HTMLButtonElement>(view, 'button[type=submit]')!;
    input.value = 'abc';
    input.dispatchEvent(new Event('input'));
    submit.click();
    await until(() => input.getAttribute('aria-invalid') === 'true', 'malformed code accepted');
    expect(text(deep(view, '#code-error'))).to.contain('10 lettere');
    expect(input.getAttribute('aria-describedby')).to.contain('code-error');
    expect(activeElement()).to.equal(input);
    await expect(view).to.be.accessible();

    input.value = '0000-0000-00';
    input.dispatchEvent(new Event('input'));
    submit.click();
    await until(() => text(deep(view, '#code-error')).includes('Nessuna segnalazione'), 'unknown code not explained');
  });
});

describe('streets view', () => {
  beforeEach(resetPage);

  it('lists every street with its open reports, searchable, and shows one street’s reports', async () => {
    const el = await mountWidget({ view: 'streets' });
    const view = currentView(el);
    const { streets } = await api<{ streets: StreetWithCount[] }>('/streets/summary');
    await until(() => deepAll(view, '.streets li').length === streets.length, 'not every street listed');
    await expect(view).to.be.accessible();

    const busy = [...streets].sort((a, b) => b.openReports - a.openReports)[0];
    const search = deep<HTMLInputElement>(view, '#s-q')!;
    search.value = busy.name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    search.dispatchEvent(new Event('input'));
    await until(() => deepAll(view, '.streets li').length < streets.length, 'search did not filter');
    const link = deepAll<HTMLAnchorElement>(view, '.streets a').find((a) => text(a.querySelector('.name')) === busy.name)!;
    expect(text(link)).to.contain(`${busy.openReports} segnalazion`);

    link.click();
    expect(location.hash).to.equal(`#segnala/streets/${busy.id}`);
    await until(() => deepAll(view, '.report-item').length > 0, 'the street’s reports not listed');
    expect(text(deep(view, 'h2'))).to.contain(busy.name);
    for (const item of deepAll(view, '.report-item')) expect(text(item)).to.contain(busy.name);
    await until(() => activeElement() === deep(view, 'h2'), 'focus not on the heading');
    await expect(view).to.be.accessible();

    // The back button of the browser returns to the list of streets.
    history.back();
    await until(() => deepAll(view, '.streets li').length > 0, 'back did not return to the streets');
  });

  it('a widget fixed to a street shows only that street and files there', async () => {
    const el = await mountWidget({ street: 'Via Aurelia' });
    const view = currentView(el);
    await until(() => deepAll(view, '.report-item').length > 0, 'no report of the street');
    expect(text(deep(view, 'h2'))).to.contain('Via Aurelia');
    for (const item of deepAll(view, '.report-item')) expect(text(item)).to.contain('Via Aurelia');
    expect(deepAll(el, 'nav a').map((a) => a.getAttribute('href'))).not.to.include('#segnala/streets');
    await expect(el).to.be.accessible();
  });

  it('a street page can name its street by id, as a CMS would', async () => {
    const { streets } = await api<{ streets: StreetWithCount[] }>('/streets?q=aurelia&limit=1');
    const el = await mountWidget({ street: String(streets[0].id) });
    const view = currentView(el);
    await until(() => text(deep(view, 'h2')).includes('Via Aurelia'), 'the street is not named');
    await until(() => deepAll(view, '.report-item').length > 0, 'no report of the street');
    for (const item of deepAll(view, '.report-item')) expect(text(item)).to.contain('Via Aurelia');
  });
});
