import { expect } from '@open-wc/testing';
import type { ReportSummary } from '../../widget/api.ts';
import { activeElement, api, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

describe('map and list view', () => {
  beforeEach(resetPage);

  it('is accessible and lists the open reports of the server, newest first', async () => {
    const el = await mountWidget();
    await expect(el).to.be.accessible();
    const view = currentView(el);
    const { reports } = await api<{ reports: ReportSummary[] }>('/reports?status=open&limit=100');
    expect(reports.length).to.be.greaterThan(5);
    await until(() => deepAll(view, '.report-item').length > 0, 'no report listed');
    const items = deepAll(view, '.report-item');
    expect(items[0].dataset.reference).to.equal(reports[0].reference);
    expect(text(items[0].querySelector('.report-title'))).to.equal(reports[0].title);
    expect(text(deep(view, '.count'))).to.contain(String(reports.length));
    // Status told by a word, not only a colour.
    expect(text(items[0].querySelector('.status'))).to.match(/Inviata|Presa in carico|In lavorazione|Intervento programmato/);
    await expect(view).to.be.accessible();
  });

  it('draws markers, clustered where reports are dense, each one a named button', async () => {
    const el = await mountWidget();
    const view = currentView(el);
    await until(() => deepAll(view, '.leaflet-marker-icon').length > 0, 'no marker drawn');
    const markers = deepAll(view, '.leaflet-marker-icon');
    for (const m of markers) {
      expect(m.getAttribute('role')).to.equal('button');
      expect(text(m.querySelector('.visually-hidden'))).not.to.equal('');
    }
  });

  it('filters by status, category and text', async () => {
    const el = await mountWidget();
    const view = currentView(el);
    await until(() => deepAll(view, '.report-item').length > 0, 'no report listed');

    const status = deep<HTMLSelectElement>(view, '#f-status')!;
    status.value = 'closed';
    status.dispatchEvent(new Event('change'));
    const closed = await api<{ reports: ReportSummary[] }>('/reports?status=closed&limit=100');
    await until(() => deepAll(view, '.report-item')[0]?.dataset.reference === closed.reports[0].reference, 'closed reports not shown');
    for (const item of deepAll(view, '.report-item')) expect(text(item.querySelector('.status'))).to.match(/Risolta|Non accolta|Duplicata/);

    const { categories } = await api<{ categories: { id: number; name: string }[] }>('/config');
    const category = categories[0];
    const select = deep<HTMLSelectElement>(view, '#f-category')!;
    select.value = String(category.id);
    select.dispatchEvent(new Event('change'));
    const byCategory = await api<{ reports: ReportSummary[] }>(`/reports?status=closed&category=${category.id}&limit=100`);
    await until(
      () => deepAll(view, '.report-item').length === Math.min(byCategory.reports.length, 20) && !text(deep(view, '.count')).includes('Caricamento'),
      'category filter not applied',
    );

    const reset = [...deepAll<HTMLButtonElement>(view, 'form.filters button')].find((b) => b.type === 'button')!;
    reset.click();
    const first = (await api<{ reports: ReportSummary[] }>('/reports?limit=1')).reports[0];
    const word = first.title.split(' ')[0];
    const q = deep<HTMLInputElement>(view, '#f-q')!;
    q.value = word;
    deep<HTMLButtonElement>(view, 'form.filters button[type=submit]')!.click();
    await until(() => deepAll(view, '.report-item').some((i) => i.dataset.reference === first.reference), 'text search did not find it');
    for (const item of deepAll(view, '.report-item')) expect(item.dataset.reference).to.be.a('string');
  });

  it('reaches a report’s marker from the list and opens its detail', async () => {
    const el = await mountWidget();
    const view = currentView(el);
    await until(() => deepAll(view, '.report-item .show-on-map').length > 0, 'no “show on map” button');
    const item = deepAll(view, '.report-item').find((i) => i.querySelector('.show-on-map'))!;
    item.querySelector<HTMLButtonElement>('.show-on-map')!.click();
    const focused = await until(() => {
      const a = activeElement();
      return a?.classList.contains('leaflet-marker-icon') ? a : null;
    }, 'the marker did not get focus');
    const title = text(item.querySelector('.report-title'));
    expect(text(focused)).to.contain(title);
    (focused as HTMLElement).click();
    await until(() => currentView(el).localName === 'segnala-report-detail', 'detail not opened');
    expect(location.hash).to.equal(`#segnala/report/${item.dataset.reference}`);
  });
});
