import { expect } from '@open-wc/testing';
import type { ReportSummary, StreetWithCount } from '../../widget/api.ts';
import { api, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

const OPEN = ['submitted', 'accepted', 'in_progress', 'scheduled'];

describe('a street’s page', () => {
  beforeEach(resetPage);

  it('lists as many open reports as it says, and the closed ones apart under their own heading', async () => {
    // A street with both open and closed reports in the demo data.
    const { reports: closed } = await api<{ reports: ReportSummary[] }>('/reports?status=closed&limit=100');
    const { streets } = await api<{ streets: StreetWithCount[] }>('/streets/summary');
    const street = streets.find((s) => s.openReports > 0 && closed.some((r) => r.streetId === s.id))!;
    expect(street, 'no street with open and closed reports in the demo data').to.exist;

    history.replaceState(null, '', `#segnala/streets/${street.id}`);
    const el = await mountWidget({ view: 'streets' });
    const view = currentView(el);
    await until(() => deepAll(view, '.report-item').length > 0, 'the street’s reports not listed');
    await expect(view).to.be.accessible();

    const said = Number(/(\d+) segnalazion/.exec(text(deep(view, '.count')))![1]);
    const open = deepAll(view, 'ul.reports.open > .report-item');
    expect(open.length).to.equal(said);
    const { reports: all } = await api<{ reports: ReportSummary[] }>(`/reports?street=${street.id}&status=all&limit=100`);
    const openRefs = all.filter((r) => OPEN.includes(r.status)).map((r) => r.reference);
    expect(open.map((i) => i.getAttribute('data-reference')).sort()).to.deep.equal(openRefs.sort());
    const closedItems = deepAll(view, 'ul.reports.closed > .report-item');
    expect(closedItems.length).to.be.greaterThan(0);
    const heading = view.shadowRoot!.querySelector('ul.reports.closed')!.previousElementSibling!;
    expect(heading.localName).to.equal('h3');
    expect(text(heading)).to.contain('Chiuse');
    // Every report of the street is in one list or the other, none in both.
    const refs = (items: Element[]) => items.map((i) => i.getAttribute('data-reference'));
    expect(refs(open).filter((r) => refs(closedItems).includes(r))).to.deep.equal([]);
  });
});
