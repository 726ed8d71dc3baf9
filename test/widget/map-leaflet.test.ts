import { expect } from '@open-wc/testing';
import type { WidgetContext } from '../../widget/context.ts';
import { L, createMap, pickIcon } from '../../widget/map.ts';
import { TILE } from './helpers.ts';

/** Just what createMap reads: no server involved. */
const ctx = {
  config: { map: { center: { lat: 43.99, lon: 10.23 }, zoom: 14 } },
  i18n: { t: (key: string) => key },
  tileUrl: TILE,
  tileAttribution: '© OpenStreetMap contributors',
} as unknown as WidgetContext;

function container() {
  const el = document.createElement('div');
  el.style.height = '200px';
  el.style.width = '300px';
  document.body.append(el);
  return el;
}

// widget/map-leaflet.ts imports Leaflet's modules one by one: these guard against one going missing.
describe("the widget's Leaflet (only the modules our maps use)", () => {
  it('keeps every interaction a Leaflet map has by default, the zoom buttons, the attribution and the tiles', () => {
    const el = container();
    const { map, dispose } = createMap(el, ctx, 'map');
    for (const name of ['dragging', 'keyboard', 'scrollWheelZoom', 'doubleClickZoom', 'boxZoom', 'touchZoom'] as const) {
      expect(map[name], name).to.exist;
      expect(map[name].enabled(), `${name} enabled`).to.equal(true);
    }
    expect((map as unknown as { tapHold?: unknown }).tapHold, 'tap-and-hold').to.exist;
    expect(el.querySelector<HTMLAnchorElement>('.leaflet-control-zoom-in')!.title).to.equal('map.zoomIn');
    expect(el.querySelector<HTMLAnchorElement>('.leaflet-control-zoom-out')!.title).to.equal('map.zoomOut');
    expect(el.querySelector('.leaflet-control-attribution')!.textContent).to.contain('OpenStreetMap contributors');
    expect(el.querySelector('.leaflet-tile-pane .leaflet-layer'), 'a tile layer').to.exist;
    expect(el.tabIndex, 'the map takes the keyboard focus').to.equal(0);
    dispose();
    el.remove();
  });

  it('markers are keyboard buttons, and the filing form’s pin can be dragged', () => {
    const el = container();
    const { map, dispose } = createMap(el, ctx, 'map');
    const marker = L.marker([43.99, 10.23], { icon: pickIcon('pin'), keyboard: true }).addTo(map);
    expect(marker.getElement()!.getAttribute('role')).to.equal('button');
    expect(marker.getElement()!.tabIndex).to.equal(0);
    const pin = L.marker([43.99, 10.23], { icon: pickIcon('pin'), draggable: true, keyboard: false }).addTo(map);
    expect(pin.dragging!.enabled()).to.equal(true);
    dispose();
    el.remove();
  });

  it('leaves out what no Segnala map uses (popups, tooltips, vector layers)', () => {
    const proto = L.Marker.prototype as unknown as Record<string, unknown>;
    expect(proto.bindPopup, 'popups').to.equal(undefined);
    expect(proto.bindTooltip, 'tooltips').to.equal(undefined);
    expect((L as unknown as Record<string, unknown>).polyline, 'vector layers').to.equal(undefined);
  });
});
