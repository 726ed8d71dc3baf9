import { expect } from '@open-wc/testing';
import { currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';

// Links in e-mails open the widget at #segnala/link/<purpose>/<token> (widget/views/link-view.ts).
describe('a link from an e-mail', () => {
  beforeEach(resetPage);

  it('opens the link page of its purpose, which says so when it has nothing to offer', async () => {
    history.replaceState(null, '', '#segnala/link/resolution_check/eyJ4IjoxfQ.c2lnbmF0dXJl');
    const el = await mountWidget();
    const view = await until(() => (currentView(el)?.localName === 'segnala-link' ? currentView(el) : null), 'the link page did not open');
    // The purpose's own page (widget/views/links/resolution-check-link.ts) asks the server, which refuses the token.
    const alert = await until(() => deep(view, 'segnala-resolution-check-link', '[role=alert]'), 'no message');
    expect(text(alert)).to.contain('non è valido');
    await expect(view).to.be.accessible();
  });

  it('of an unknown purpose, or without a token, leaves the widget on its first view', async () => {
    for (const hash of ['#segnala/link/delete_everything/eyJ4IjoxfQ.c2ln', '#segnala/link/street_confirm/', '#segnala/link/street_confirm/no token']) {
      history.replaceState(null, '', hash);
      const el = await mountWidget();
      expect(currentView(el).localName, hash).to.equal('segnala-report-map');
      el.remove();
    }
  });
});
