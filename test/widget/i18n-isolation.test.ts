import { expect, fixture, html } from '@open-wc/testing';
import { API, MUNICIPALITY, TILE, currentView, deep, deepAll, mountWidget, resetPage, text, until } from './helpers.ts';

describe('language', () => {
  beforeEach(resetPage);

  it('is Italian by default, English by attribute, and follows <html lang> otherwise', async () => {
    const el = await mountWidget();
    const tabs = () => deepAll(el, 'nav a').map(text);
    expect(tabs()).to.include('Nuova segnalazione');
    const view = currentView(el);
    await until(() => text(deep(view, '.count')).match(/\d+ segnalazioni/), 'no Italian count');

    el.lang = 'en';
    await until(() => tabs().includes('New report'), 'not switched to English');
    await until(() => text(deep(view, '.count')).match(/\d+ reports/), 'the list did not switch');
    expect(text(deep(view, '.report-item .status'))).to.match(/Submitted|Taken in charge|In progress|Work scheduled|Waiting for information from the citizen/);
    // Dates in the locale's format.
    expect(text(deep(view, '.report-item'))).to.match(/Filed on \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(deep(el, 'section.base')!.getAttribute('lang')).to.equal('en');
    await expect(el).to.be.accessible();

    el.lang = '';
    document.documentElement.lang = 'en';
    await until(() => tabs().includes('Track your report'), 'did not follow <html lang="en">');
    document.documentElement.lang = 'it';
    await until(() => tabs().includes('Segui la tua segnalazione'), 'did not follow <html lang="it">');
  });

  it('shows the new-report flow in English, errors included', async () => {
    history.replaceState(null, '', '#segnala/new');
    const el = await mountWidget({ lang: 'en' });
    const view = currentView(el);
    expect(text(deep(view, 'h2'))).to.contain('Step 1 of 3');
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    await until(() => text(deep(view, '.error-summary')).includes('privacy notice'), 'no English error');
    await expect(view).to.be.accessible();
  });
});

describe('style isolation', () => {
  beforeEach(resetPage);

  it('is not restyled by a page that styles div, button, input and a aggressively, and leaks nothing out', async () => {
    const style = document.createElement('style');
    style.textContent = `
      div, section, nav, ul, li, p, h2, h3 { background: rgb(255, 0, 0) !important; padding: 40px !important; margin: 30px !important; }
      button, input, select { background: rgb(0, 255, 0) !important; font-size: 40px !important; border: 9px dashed blue !important; }
      a { color: rgb(255, 0, 255) !important; }
      body { -webkit-tap-highlight-color: rgba(255, 0, 0, 0.5); -webkit-text-size-adjust: 50%; text-size-adjust: 50%; }
      .primary, .status, .map, .report-item, .visually-hidden { display: none !important; }
    `;
    document.head.append(style);
    try {
      const host = await fixture<HTMLDivElement>(html`<div>
        <button id="page-button">page</button>
        <segnala-widget api=${API} municipality=${MUNICIPALITY} tile-url=${TILE}></segnala-widget>
      </div>`);
      const el = host.querySelector('segnala-widget')!;
      await until(() => el.shadowRoot!.querySelector('.view > *'), 'the widget did not load');
      const view = currentView(el);
      await until(() => deepAll(view, '.report-item').length > 0, 'no report listed');

      const submit = deep<HTMLButtonElement>(view, 'button.primary')!;
      const cs = getComputedStyle(submit);
      expect(cs.display).not.to.equal('none');
      expect(cs.backgroundColor).to.equal('rgb(0, 102, 204)');
      expect(cs.fontSize).not.to.equal('40px');
      const input = deep<HTMLInputElement>(view, '#f-q')!;
      expect(getComputedStyle(input).backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(getComputedStyle(input).borderStyle).to.equal('solid');
      const item = deep(view, '.report-item')!;
      expect(getComputedStyle(item).display).not.to.equal('none');
      expect(getComputedStyle(item).backgroundColor).not.to.equal('rgb(255, 0, 0)');
      expect(getComputedStyle(deep(view, '.map')!).display).to.equal('block');
      expect(getComputedStyle(deep(el, 'nav a')!).color).not.to.equal('rgb(255, 0, 255)');
      // What Bootstrap Italia sets on <body>: inherited, so it would reach in unless :host resets it.
      const inner = getComputedStyle(deep(view, 'h2')!) as CSSStyleDeclaration & Record<string, string>;
      expect(inner.getPropertyValue('-webkit-tap-highlight-color')).not.to.equal('rgba(255, 0, 0, 0.5)');
      expect(inner.getPropertyValue('text-size-adjust')).not.to.equal('50%');
      expect(inner.getPropertyValue('-webkit-text-size-adjust')).not.to.equal('50%');

      // Nothing from the widget reaches the page: the page's own button keeps the page's look only.
      const pageButton = host.querySelector('#page-button')!;
      expect(getComputedStyle(pageButton).backgroundColor).to.equal('rgb(0, 255, 0)');
      expect(document.querySelectorAll('style, link[rel=stylesheet]').length).to.equal(
        [...document.querySelectorAll('style, link[rel=stylesheet]')].filter((s) => s === style || s.closest('head')).length,
      );
      expect(document.adoptedStyleSheets.length).to.equal(0);
    } finally {
      style.remove();
    }
  });

  it('takes the theme from --segnala-* custom properties', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="--segnala-primary: rgb(10, 80, 40)">
      <segnala-widget api=${API} municipality=${MUNICIPALITY} tile-url=${TILE}></segnala-widget>
    </div>`);
    const el = host.querySelector('segnala-widget')!;
    await until(() => el.shadowRoot!.querySelector('.view > *'), 'the widget did not load');
    const submit = await until(() => deep<HTMLButtonElement>(currentView(el), 'button.primary'), 'no primary button');
    expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(10, 80, 40)');
  });
});
