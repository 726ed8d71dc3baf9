import { expect } from '@open-wc/testing';
import { currentView, deep, mountWidget, resetPage } from './helpers.ts';

const until = async <T>(fn: () => T | null | undefined | false, message: string): Promise<T> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Leaflet or the map code, as this page fetched them (source modules under web-test-runner). */
const mapRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => /leaflet|\/widget\/map\.ts/.test(n));

describe('view="list": the list first, the map only when asked for', () => {
  beforeEach(resetPage);

  it('shows the list without the map and without downloading Leaflet, then the map on request', async () => {
    expect(mapRequests(), 'nothing of the map before the widget').to.deep.equal([]);
    const el = await mountWidget({ view: 'list' });
    const view = currentView(el);
    await until(() => deep(view, '.report-item'), 'the list did not show');
    await expect(view).to.be.accessible();
    expect(deep(view, '.map'), 'no map box').to.equal(null);
    expect(deep(view, '.leaflet-container')).to.equal(null);
    expect(mapRequests(), 'Leaflet was downloaded for the list').to.deep.equal([]);

    const open = [...view.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Mostra la mappa')!;
    expect(open, 'a button opens the map').to.exist;
    open.click();
    await until(() => deep(view, '.leaflet-container'), 'the map did not open');
    expect(mapRequests().length, 'Leaflet is fetched once asked for').to.be.greaterThan(0);
    await until(() => deep(view, '.leaflet-marker-icon, .segnala-marker'), 'no markers on the map');
  });
});
