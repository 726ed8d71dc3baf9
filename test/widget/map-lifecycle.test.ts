import { expect } from '@open-wc/testing';
import type { WidgetContext } from '../../widget/context.ts';
import { createMap } from '../../widget/map.ts';
import { TILE } from './helpers.ts';

/** Just what createMap reads: no server involved. */
const ctx = {
  config: { map: { center: { lat: 43.99, lon: 10.23 }, zoom: 14 } },
  i18n: { t: (key: string) => key },
  tileUrl: TILE,
  tileAttribution: '',
} as unknown as WidgetContext;

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
    step(n);
  });

/** Uncaught errors while `fn` runs and a few frames after (ResizeObserver callbacks land there). */
async function uncaughtErrors(fn: () => void | Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => {
    errors.push(e.message);
    e.preventDefault();
  };
  window.addEventListener('error', onError);
  // Mocha's own handler would fail the test before we can look: keep it out while we watch.
  const mochaHandler = window.onerror;
  window.onerror = null;
  try {
    await fn();
    await frames(4);
  } finally {
    window.removeEventListener('error', onError);
    window.onerror = mochaHandler;
  }
  return errors;
}

function container() {
  const el = document.createElement('div');
  el.style.height = '200px';
  el.style.width = '300px';
  document.body.append(el);
  return el;
}

describe('map lifecycle', () => {
  it('a map removed before its first resize notice does not throw (Leaflet "_leaflet_pos")', async () => {
    const el = container();
    const errors = await uncaughtErrors(() => {
      const { map } = createMap(el, ctx, 'map');
      // A view re-rendering removes its map at once; the observer's first notice comes later.
      map.remove();
    });
    el.remove();
    expect(errors).to.deep.equal([]);
  });

  it('a disposed map, and one whose container leaves the page or resizes after removal, stay quiet', async () => {
    const el = container();
    const errors = await uncaughtErrors(async () => {
      const first = createMap(el, ctx, 'map');
      await frames(2);
      first.dispose();
      el.style.height = '100px';
      await frames(2);
      const other = container();
      const { map } = createMap(other, ctx, 'map');
      other.remove();
      await frames(2);
      map.remove();
      other.style.height = '50px';
      document.body.append(other);
      await frames(2);
      other.remove();
    });
    el.remove();
    expect(errors).to.deep.equal([]);
  });

  it('a map still in the page follows its container size', async () => {
    const el = container();
    const { map, dispose } = createMap(el, ctx, 'map');
    await frames(2);
    expect(map.getSize().x).to.equal(300);
    el.style.width = '200px';
    await frames(3);
    expect(map.getSize().x).to.equal(200);
    dispose();
    el.remove();
  });
});
