import { expect, fixture, html } from '@open-wc/testing';
import type { ClusterAnswer } from '../../widget/api.ts';
import type { SegnalaWidget } from '../../widget/segnala-widget.ts';
import { ADMIN, adminApi, antiSpamFields, apiLogin } from './admin-helpers.ts';
import { API, MUNICIPALITY, TILE, activeElement, api, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

type MapView = HTMLElement & { shadowRoot: ShadowRoot };

/** The answer the map drew last (the cluster layer's, see widget/map.ts). */
const shown = (view: MapView): ClusterAnswer | undefined => (view as unknown as { markers?: { shown?: ClusterAnswer } }).markers?.shown;

/** What a user sees on the map: the numbers on the clusters, and the lone report markers. */
function onMap(view: MapView) {
  const clusters = deepAll(view, '.segnala-cluster .cluster').map((c) => Number(text(c)));
  const markers = deepAll(view, '.leaflet-marker-icon.segnala-marker');
  return { clusters, markers };
}

async function mapReady(el: SegnalaWidget) {
  const view = currentView<MapView>(el);
  await until(() => shown(view) && deepAll(view, '.leaflet-marker-icon').length > 0, 'the map drew nothing');
  return view;
}

describe('map at scale: clusters from the server', () => {
  beforeEach(resetPage);

  it('shows the counts the server gives for the view, adding up to its total', async () => {
    // The answer's own (snapped) bbox asks the same question again. The server keeps an answer for
    // CLUSTER_CACHE_SECONDS: when it expires between the map's request and ours while an earlier
    // test's report lands in view, the two differ by it, so the map is asked once more.
    let view!: MapView;
    let answer!: ClusterAnswer;
    let server!: ClusterAnswer;
    for (let attempt = 0; attempt < 3; attempt++) {
      view = await mapReady(await mountWidget());
      answer = shown(view)!;
      server = await api<ClusterAnswer>(`/reports/clusters?bbox=${answer.bbox.join(',')}&zoom=${answer.zoom}&status=open`);
      if (server.total === answer.total) break;
    }
    await expect(view).to.be.accessible();
    const { clusters, markers } = onMap(view);
    expect([...clusters].sort((a, b) => a - b)).to.deep.equal(server.cells.map((c) => c.count).sort((a, b) => a - b));
    expect(markers.length).to.equal(server.reports.length);
    expect(clusters.reduce((s, n) => s + n, 0) + markers.length).to.equal(server.total);
    expect(server.total).to.be.greaterThan(0);
    for (const r of server.reports) expect(markers.some((m) => text(m).includes(r.title))).to.equal(true, r.title);
  });

  it('follows the filters: closed reports on the map as in the list', async () => {
    const view = await mapReady(await mountWidget());
    const active = shown(view);
    const status = deep<HTMLSelectElement>(view, '#f-status')!;
    status.value = 'closed';
    status.dispatchEvent(new Event('change'));
    const answer = await until(() => shown(view) !== active && shown(view), 'the map was not redrawn');
    const server = await api<ClusterAnswer>(`/reports/clusters?bbox=${answer.bbox.join(',')}&zoom=${answer.zoom}&status=closed`);
    const { clusters, markers } = onMap(view);
    expect(clusters.reduce((s, n) => s + n, 0) + markers.length).to.equal(server.total);
    for (const m of markers) expect(text(m)).to.match(/Risolta|Non accolta|Duplicata/);
  });

  it('zooms into a cluster when it is pressed', async () => {
    const view = await mapReady(await mountWidget());
    const before = shown(view)!;
    const cluster = await until(() => deepAll(view, '.leaflet-marker-icon.segnala-cluster')[0], 'no cluster at the first view');
    expect(cluster.getAttribute('role')).to.equal('button');
    expect(text(cluster.querySelector('.visually-hidden'))).to.match(/^\d+ segnalazioni in questa zona: ingrandisci$/);
    cluster.click();
    const after = await until(() => shown(view)!.zoom > before.zoom && shown(view), 'the map did not zoom in');
    expect(after.total).to.be.greaterThan(0);
  });

  it('never draws more than the server’s capped features, even on a huge map', async () => {
    const el = await fixture<SegnalaWidget>(html`<div style="width: 5200px; --segnala-map-height: 3200px">
      <segnala-widget api=${API} municipality=${MUNICIPALITY} tile-url=${TILE} view="map"></segnala-widget>
    </div>`);
    const widget = el.querySelector('segnala-widget')!;
    await until(() => widget.shadowRoot!.querySelector('.view > *'), 'no view');
    const view = await mapReady(widget);
    const answer = shown(view)!;
    // Wider than 500 cells of 64 px allow: the server made the cells larger instead.
    expect(answer.cellPixels).to.be.greaterThan(64);
    const features = answer.cells.length + answer.reports.length;
    expect(features).to.be.at.most(500);
    const { clusters, markers } = onMap(view);
    expect(clusters.length + markers.length).to.equal(features);
  });
});

describe('map at scale: reports no zoom can part', () => {
  // Two reports on one spot, away from the demo's others; hidden again afterwards, as other suites
  // expect the demo's reports alone on the public map and list.
  const SPOT = { lat: 44.05, lon: 10.305 };
  let filed: string[] = [];
  before(async () => {
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    filed = await Promise.all(
      ['Tombino rumoroso', 'Tombino sollevato'].map(async (title) => {
        const body = { categoryId: categories[0].id, title, details: 'Prova della mappa.', location: SPOT, privacyAccepted: true, antiSpam: await antiSpamFields() };
        const res = await api<{ reference: string }>('/reports', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
        return res.reference;
      }),
    );
  });
  after(async () => {
    const admin = await apiLogin(ADMIN);
    for (const reference of filed) {
      const report = await adminApi<{ version: number }>(admin, `/reports/${reference}`);
      await adminApi(admin, `/reports/${reference}/status`, {
        method: 'POST',
        body: JSON.stringify({ status: 'hidden', message: 'Prova della mappa: tolta dal pubblico.', version: report.version }),
      });
    }
  });
  beforeEach(resetPage);

  it('lists them from the map, then goes back to the whole list', async () => {
    const view = await mapReady(await mountWidget());
    const item = await until(() => {
      const found = deepAll(view, '.report-item').find((i) => i.dataset.reference === filed[0]);
      if (!found) deepAll<HTMLButtonElement>(view, '.actions button')[0]?.click();
      return found;
    }, 'report not in the list');
    item.querySelector<HTMLButtonElement>('.show-on-map')!.click();
    const spot = await until(() => {
      const a = activeElement();
      return a?.classList.contains('segnala-cluster') ? (a as HTMLElement) : null;
    }, 'the spot did not get focus');
    expect(text(spot.querySelector('.visually-hidden'))).to.equal('2 segnalazioni in questo punto: mostra l’elenco');
    spot.click();
    const notice = await until(() => {
      const a = activeElement();
      return a?.classList.contains('spot') ? a : null;
    }, 'the narrowed list did not get focus');
    expect(text(notice)).to.contain('Elenco limitato a 2 segnalazioni in un punto della mappa.');
    await until(() => deepAll(view, '.report-item').length === 2, 'the list is not narrowed to the spot');
    expect(deepAll(view, '.report-item').map((i) => i.dataset.reference).sort()).to.deep.equal([...filed].sort());
    await expect(view).to.be.accessible();
    notice.querySelector<HTMLButtonElement>('button')!.click();
    await until(() => deepAll(view, '.report-item').length > 2 && !deep(view, '.spot'), 'the whole list did not come back');
  });
});
