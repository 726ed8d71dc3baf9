import { expect } from '@open-wc/testing';
import { currentView, deepAll, mountWidget, resetPage, until } from './helpers.ts';

/**
 * Lit (in dev mode, as here) warns once per page when an element schedules an update from inside
 * an update: work done twice on every first render. This file has its own page, so the warning,
 * if any, is issued here and nowhere earlier.
 */
describe('Lit updates', () => {
  const warnings: string[] = [];
  const original = console.warn;
  before(() => {
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      original.apply(console, args);
    };
  });
  after(() => {
    console.warn = original;
  });
  beforeEach(resetPage);

  it('the map and list render without scheduling an update after an update', async () => {
    const el = await mountWidget();
    const view = currentView(el);
    await until(() => deepAll(view, '.report-item').length > 0, 'no report listed');
    await new Promise((r) => setTimeout(r, 300));
    expect(warnings.filter((w) => w.includes('change-in-update'))).to.deep.equal([]);
  });
});
