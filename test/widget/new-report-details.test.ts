import { expect } from '@open-wc/testing';
import { activeElement, currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

/** Opens the form at step 2 (privacy accepted), as a citizen gets there. */
async function openStep2() {
  history.replaceState(null, '', '#segnala/new');
  const el = await mountWidget();
  const view = currentView<View>(el);
  deep<HTMLInputElement>(view, '#f-privacy')!.click();
  deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
  await until(() => deep(view, '#f-category'), 'step 2 not shown');
  return { el, view };
}

const outlined = (el: Element) => {
  const cs = getComputedStyle(el);
  return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
};

describe('new report: focus, layout and words', () => {
  beforeEach(resetPage);

  it('shows a focus ring where the widget moves the focus itself (step heading, error summary)', async () => {
    const { view } = await openStep2();
    const heading = await until(() => (activeElement()?.localName === 'h2' ? activeElement() : null), 'step heading not focused');
    expect(outlined(heading!), 'step heading').to.equal(true);
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    const box = await until(() => (activeElement()?.classList.contains('error-summary') ? activeElement() : null), 'error summary not focused');
    expect(outlined(box!), 'error summary').to.equal(true);
    expect(text(box)).to.contain('errori');
  });
});
