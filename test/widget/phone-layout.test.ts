import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { currentView, deep, deepAll, mountWidget, resetPage, until } from './helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

/** The lines a text node is laid out on (one rectangle per line). */
function lines(node: Node): number {
  const range = document.createRange();
  range.selectNodeContents(node);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return tops.size;
}

/** The first text node inside `el`. */
function firstText(el: Element): Text {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
  return walker.nextNode() as Text;
}

describe('the form on a phone (390 px)', () => {
  beforeEach(async () => {
    resetPage();
    await setViewport({ width: 390, height: 844 });
  });
  after(() => setViewport({ width: 1280, height: 900 }));

  it('keeps each step number with its name, and "Rimuovi foto 1" on one line', async () => {
    history.replaceState(null, '', '#segnala/new');
    const el = await mountWidget();
    const view = currentView<View>(el);
    for (const li of deepAll(view, 'ol.progress li')) {
      // The number is drawn by ::before at the top of the item: the name's first letter is on that line.
      const range = document.createRange();
      const text = firstText(li);
      range.setStart(text, 0);
      range.setEnd(text, 1);
      const top = range.getBoundingClientRect().top - li.getBoundingClientRect().top;
      const lineHeight = parseFloat(getComputedStyle(li).lineHeight);
      expect(top, `"${li.textContent}" starts below its number`).to.be.lessThan(lineHeight);
      // And nothing spills out of its own item.
      expect(li.scrollWidth, `"${li.textContent}" overflows`).to.be.at.most(li.clientWidth + 1);
    }

    deep<HTMLInputElement>(view, '#f-privacy')!.click();
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    await until(() => deep(view, 'segnala-photo-picker'), 'step 2 not shown');
    const input = deep<HTMLInputElement>(view, 'segnala-photo-picker', 'input#pick')!;
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'buca.jpg', { type: 'image/jpeg' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const picker = deep(view, 'segnala-photo-picker')!;
    const remove = await until(() => deepAll<HTMLButtonElement>(picker, '.previews button')[0], 'no preview');
    expect(lines(firstText(remove)), remove.textContent!).to.equal(1);
    expect(remove.scrollWidth).to.be.at.most(remove.clientWidth + 1);
  });
});
