import { expect } from '@open-wc/testing';
import '../../widget/admin/segnala-admin.ts';
import type { ViewChangeDetail } from '../../widget/events.ts';
import { API, mountWidget, resetPage } from './helpers.ts';

interface Manifest {
  modules: { declarations?: { tagName?: string; attributes?: { name: string }[] }[] }[];
}

/**
 * custom-elements.json against the elements as a browser defines them (README, "Embedding the
 * widget"; test/server/custom-elements.test.ts checks it against the source), and the copy the
 * Segnala server serves from its build.
 */
describe('custom-elements.json in the browser', () => {
  let committed: Manifest;
  before(async () => {
    committed = await (await fetch('/custom-elements.json')).json();
  });
  beforeEach(resetPage);

  it('the server serves the built copy, readable by a page of another origin', async () => {
    // This page and the server are two origins: the fetch fails unless the answer allows any site.
    const res = await fetch(`${API}/widget/custom-elements.json`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('Content-Type')).to.match(/^application\/json/);
    expect(await res.json(), 'the build (npm run build) copies the committed manifest').to.deep.equal(committed);
    const types = await fetch(`${API}/widget/segnala-elements.d.ts`);
    expect(types.status).to.equal(200);
    expect(types.headers.get('Content-Type')).to.equal('text/plain; charset=utf-8');
    // Byte for byte against the committed file in test/server/custom-elements.test.ts (this test
    // runner's own server would hand the .ts file over compiled).
    expect(await types.text()).to.include("interface HTMLElementTagNameMap {\n    'segnala-widget': SegnalaWidget;\n    'segnala-admin': SegnalaAdmin;");
  });

  it('the attributes described are exactly those each defined element observes', () => {
    const described = committed.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
    expect(described.map((d) => d.tagName)).to.deep.equal(['segnala-widget', 'segnala-admin']);
    for (const d of described) {
      const defined = customElements.get(d.tagName!) as unknown as { observedAttributes: string[] } | undefined;
      expect(defined, d.tagName).to.exist;
      expect([...defined!.observedAttributes].sort(), d.tagName).to.deep.equal(d.attributes!.map((a) => a.name).sort());
    }
  });

  it('segnala-view-change tells the page only the view, a report or a street: never a tracking code', async () => {
    const el = await mountWidget();
    const seen: ViewChangeDetail[] = [];
    const listen = (e: HTMLElementEventMap['segnala-view-change']) => seen.push(e.detail);
    document.addEventListener('segnala-view-change', listen);
    try {
      // What "Segui la segnalazione" does right after a filing, with the reporter's code.
      el.navigate({ view: 'track', code: 'ABCD-EFGH-JKLM' });
      el.navigate({ view: 'report', reference: '2026-000001' });
      el.navigate({ view: 'streets', streetId: 7 });
      el.navigate({ view: 'link', purpose: 'body_update', token: 'signed.token.value' });
    } finally {
      document.removeEventListener('segnala-view-change', listen);
    }
    expect(seen).to.deep.equal([{ view: 'track' }, { view: 'report', reference: '2026-000001' }, { view: 'streets', streetId: 7 }, { view: 'link' }]);
  });
});
