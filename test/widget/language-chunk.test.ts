import { expect } from '@open-wc/testing';
import { deep, mountWidget, resetPage } from './helpers.ts';

/** The English words, as this page fetched them (source modules under web-test-runner). */
const englishRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => n.includes('/widget/i18n-en.ts'));

describe('the English words are a piece of their own', () => {
  beforeEach(resetPage);

  it('an Italian page never downloads them; an English one does, and shows English', async () => {
    const it = await mountWidget({ lang: 'it' });
    expect(deep(it, 'nav a[href="#segnala/map"]')!.textContent!.trim()).to.equal('Mappa e elenco');
    expect(englishRequests(), 'English fetched for an Italian page').to.deep.equal([]);
    it.remove();

    const en = await mountWidget({ lang: 'en' });
    await expect(en).to.be.accessible();
    expect(deep(en, 'nav a[href="#segnala/map"]')!.textContent!.trim()).to.equal('Map and list');
    expect(deep(en, 'nav a[href="#segnala/new"]')!.textContent!.trim()).to.equal('New report');
    expect(englishRequests().length).to.equal(1);
  });
});
