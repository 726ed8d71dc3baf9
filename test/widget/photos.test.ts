import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ReportDetail } from '../../widget/api.ts';
import type { SegnalaWidget } from '../../widget/segnala-widget.ts';
import { activeElement, api, currentView, deep, deepAll, mountWidget, openFilingStep2, resetPage, text, until } from './helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

/** A real image, drawn in the browser: what a phone's camera or gallery would hand over. */
async function image(name: string, color: string, type = 'image/jpeg', width = 800, height = 600): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = color;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#ffffff';
  g.font = '48px sans-serif';
  g.fillText(name, 40, 90);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), type, 0.9));
  return new File([blob], name, { type });
}

const picker = (view: View) => deep<HTMLElement & { shadowRoot: ShadowRoot }>(view, 'segnala-photo-picker')!;
const fileInput = (view: View) => deep<HTMLInputElement>(view, 'segnala-photo-picker', 'input#pick')!;
const previews = (view: View) => deepAll<HTMLLIElement>(picker(view), '.previews li');
const previewNames = (view: View) => previews(view).map((li) => text(li.querySelector('.name')).split(' · ')[0]);
const announced = (el: SegnalaWidget) => text(deep(el, '.base > [role=status]'));

/** Picks files as the file chooser does: through the input's FileList, then `change`. */
function attach(view: View, files: File[]) {
  const input = fileInput(view);
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The widget on step 2 with place, category, title and description filled. */
async function reportForm(title: string) {
  const { el, view } = await openFilingStep2();
  const form = view as unknown as { ctx: { config: { map: { center: { lat: number; lon: number } } } }; setLocation(p: object, c: boolean): Promise<void> };
  await form.setLocation(form.ctx.config.map.center, true);
  const select = deep<HTMLSelectElement>(view, '#f-category')!;
  select.value = select.options[1].value;
  select.dispatchEvent(new Event('change'));
  for (const [id, value] of [
    ['f-title', title],
    ['f-details', 'Si vede bene nelle foto allegate.'],
  ]) {
    const input = deep<HTMLInputElement>(view, `#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  return { el, view };
}

const next = (view: View) => deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
const button = (root: Element, label: string) => deepAll<HTMLButtonElement>(root, 'button').find((b) => text(b) === label);

describe('photos', () => {
  beforeEach(resetPage);

  it('attaches photos with previews, keeps them across steps, sends them with progress, and shows them in the detail with a keyboard viewer', async () => {
    const { el, view } = await reportForm('Buca con foto');
    await expect(view).to.be.accessible();

    // The control: labelled, with its hint, no capture forced (the gallery stays available).
    const input = fileInput(view);
    expect(input.multiple).to.equal(true);
    expect(input.accept).to.contain('image/jpeg').and.contain('image/heic');
    expect(input.hasAttribute('capture')).to.equal(false);
    expect(text(deep(picker(view), 'label[for=pick]'))).to.equal('Aggiungi foto (facoltativo, fino a 3)');

    // Two photos: two previews whose images are drawn.
    attach(view, [await image('buca-1.jpg', '#aa3322'), await image('buca-2.jpg', '#2255aa')]);
    await until(() => previews(view).length === 2, 'no previews');
    expect(previewNames(view)).to.deep.equal(['buca-1.jpg', 'buca-2.jpg']);
    const thumbs = deepAll<HTMLImageElement>(picker(view), '.previews img');
    await until(() => thumbs.every((img) => img.complete && img.naturalWidth > 0), 'previews not drawn');
    expect(thumbs[0].src).to.match(/^blob:/);
    expect(thumbs[0].alt).to.contain('buca-1.jpg');
    await until(() => announced(el).includes('2 foto allegate su 3'), 'the attached photos are not announced');
    await expect(view).to.be.accessible();

    // Remove the first: its preview URL is released, focus stays in the list.
    const firstUrl = thumbs[0].src;
    button(picker(view), 'Rimuovi foto 1')!.click();
    await until(() => previews(view).length === 1, 'the photo was not removed');
    expect(previewNames(view)).to.deep.equal(['buca-2.jpg']);
    expect(text(activeElement())).to.equal('Rimuovi foto 1');
    await until(() => announced(el).includes('Foto 1 rimossa'), 'the removal is not announced');
    const released = await fetch(firstUrl).then(
      () => false,
      () => true,
    );
    expect(released, 'the removed preview URL is revoked').to.equal(true);

    // And a PNG: two photos go with the report.
    attach(view, [await image('lampione.png', '#338833', 'image/png', 600, 900)]);
    await until(() => previews(view).length === 2, 'the PNG was not added');

    // Summary shows them; back and forth keeps them.
    next(view);
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
    const summaryPhotos = deepAll<HTMLImageElement>(view, '.photo-summary img');
    expect(summaryPhotos.map((i) => i.alt)).to.deep.equal(['Anteprima della foto 1: buca-2.jpg', 'Anteprima della foto 2: lampione.png']);
    await expect(view).to.be.accessible();
    button(view, 'Indietro')!.click();
    await until(() => text(deep(view, 'h2')).includes('Passo 2'), 'step 2 not shown again');
    await until(() => previews(view).length === 2, 'photos lost going back');
    expect(previewNames(view)).to.deep.equal(['buca-2.jpg', 'lampione.png']);
    next(view);
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown again');

    // Send: the upload's progress is shown and announced, then the confirmation.
    const seen: { progress: boolean; values: number[]; status: string[] } = { progress: false, values: [], status: [] };
    const watch = new MutationObserver(() => {
      const bar = view.shadowRoot.querySelector('progress');
      if (bar) {
        seen.progress = true;
        if (bar.hasAttribute('value')) seen.values.push(bar.value);
      }
      const live = text(view.shadowRoot.querySelector('.summary [role=status]'));
      if (live && !seen.status.includes(live)) seen.status.push(live);
    });
    watch.observe(view.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
    button(view, 'Conferma e invia')!.click();
    await until(() => deep(view, '.reference'), 'not filed', 20_000);
    watch.disconnect();
    expect(seen.progress, 'a progress bar was shown').to.equal(true);
    // Said once when sending starts, and once when the files are up and the server works on them
    // (after the anti-spam wait, if the form was filled in faster than a person could: see anti-spam.test.ts).
    expect(seen.status.filter((s) => !s.startsWith('Controllo anti-spam'))).to.deep.equal(['Invio in corso…', 'Foto ricevute, elaborazione in corso…']);
    const reference = text(deep(view, '.reference'));

    const stored = await api<ReportDetail>(`/reports/${reference}`);
    expect(stored.photos).to.have.length(2);
    expect(stored.photos![1].width).to.equal(600);
    expect(stored.photos![1].height).to.equal(900);

    // The detail: a thumbnail strip, each a button opening the viewer.
    el.navigate({ view: 'report', reference });
    const detail = await until(() => (currentView(el).localName === 'segnala-report-detail' ? currentView<View>(el) : null), 'detail not shown');
    const gallery = await until(() => deep<View>(detail, 'segnala-photo-gallery'), 'no photos in the detail');
    const strip = await until(() => {
      const b = deepAll<HTMLButtonElement>(gallery, '.strip button');
      return b.length === 2 ? b : null;
    }, 'no thumbnails');
    const stripImages = strip.map((b) => b.querySelector('img')!);
    expect(stripImages.map((i) => i.alt)).to.deep.equal([
      `Foto 1 di 2 della segnalazione ${reference}`,
      `Foto 2 di 2 della segnalazione ${reference}`,
    ]);
    expect(stripImages[0].src.startsWith(`${window.SEGNALA_API}/api/v1/seravezza/photos/`)).to.equal(true);
    await until(() => stripImages.every((i) => i.complete && i.naturalWidth > 0), 'thumbnails did not load');
    await expect(detail).to.be.accessible();

    // Keyboard: Enter on the second thumbnail opens the viewer on it.
    strip[1].focus();
    await sendKeys({ press: 'Enter' });
    const dialog = gallery.shadowRoot.querySelector('dialog')!;
    await until(() => dialog.open, 'the viewer did not open');
    expect(text(activeElement())).to.equal('Chiudi');
    expect(text(dialog.querySelector('h3'))).to.equal('Foto 2 di 2');
    const full = await until(() => dialog.querySelector<HTMLImageElement>('img.full'), 'no full image');
    await until(() => full.complete && full.naturalWidth > 0, 'the full image did not load');
    expect(full.naturalWidth).to.equal(600);
    expect(full.alt).to.equal(`Foto 2 di 2 della segnalazione ${reference}`);
    await expect(gallery).to.be.accessible();

    // → and the buttons move between photos, round the ends.
    await sendKeys({ press: 'ArrowRight' });
    await until(() => text(dialog.querySelector('h3')) === 'Foto 1 di 2', 'ArrowRight did not move on');
    await until(() => dialog.querySelector<HTMLImageElement>('img.full')!.naturalWidth === 800, 'photo 1 not shown');
    expect(dialog.querySelector<HTMLImageElement>('img.full')!.alt).to.equal(`Foto 1 di 2 della segnalazione ${reference}`);
    button(dialog, '← Foto precedente')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => text(dialog.querySelector('h3')) === 'Foto 2 di 2', 'the previous button did not move back');

    // Escape closes; focus is back on the thumbnail that opened the viewer.
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'Escape did not close the viewer');
    await until(() => activeElement() === strip[1], 'focus did not return to the thumbnail');
    expect(dialog.querySelector('img.full'), 'the full image leaves with the viewer').to.equal(null);
    await expect(detail).to.be.accessible();

    // The same strip in the reporter's tracking view.
    el.navigate({ view: 'track', code: text(deep(view, '.code')) });
    const track = await until(() => (currentView(el).localName === 'segnala-track' ? currentView<View>(el) : null), 'track view not shown');
    const trackGallery = await until(() => deep<View>(track, '.result segnala-photo-gallery'), 'no photos in the tracking view');
    await until(() => deepAll(trackGallery, '.strip img').length === 2, 'no thumbnails in the tracking view');
    await expect(track).to.be.accessible();
  });

  it('puts the server’s refusal of a file that is not an image on the photos field, keeping everything else', async () => {
    const { el, view } = await reportForm('Foto sbagliata');
    const good = await image('buona.jpg', '#884422');
    const notAnImage = new File(['Questo è un file di testo, non una foto.\n'], 'appunti.jpg', { type: 'image/jpeg' });
    attach(view, [good, notAnImage]);
    await until(() => previews(view).length === 2, 'no previews');
    next(view);
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
    button(view, 'Conferma e invia')!.click();

    // Back on step 2: the error summary names the photo, the field carries it, the data is all there.
    const box = await until(() => deep(view, '.error-summary'), 'no error summary', 20_000);
    await until(() => activeElement() === box, 'the error summary did not get focus');
    expect(text(box)).to.contain('La foto 2').and.contain('appunti.jpg');
    const message = text(deep(picker(view), '.error-text'));
    expect(message).to.contain('appunti.jpg').and.contain('non è un’immagine');
    const input = fileInput(view);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const describedBy = input.getAttribute('aria-describedby')!.split(' ').map((id) => picker(view).shadowRoot.getElementById(id));
    expect(describedBy.map(text).join(' ')).to.contain('appunti.jpg');
    await until(() => announced(el).includes('1 errore'), 'the error is not announced');
    expect(previewNames(view)).to.deep.equal(['buona.jpg', 'appunti.jpg']);
    expect(previews(view)[1].classList.contains('refused')).to.equal(true);
    expect(deep<HTMLInputElement>(view, '#f-title')!.value).to.equal('Foto sbagliata');
    expect(deep<HTMLTextAreaElement>(view, '#f-details')!.value).to.equal('Si vede bene nelle foto allegate.');
    await expect(view).to.be.accessible();

    // The link in the summary leads to the photos control.
    box.querySelector('a')!.click();
    expect(activeElement()).to.equal(input);

    // Going on with the refused file is stopped here; removing it clears the error.
    next(view);
    await until(() => deep(view, '.error-summary'), 'the refused photo was let through');
    expect(text(deep(view, 'h2'))).to.contain('Passo 2');
    button(picker(view), 'Rimuovi foto 2')!.click();
    await until(() => !deep(picker(view), '.error-text'), 'the error stayed after removing the file');
    next(view);
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
    button(view, 'Conferma e invia')!.click();
    await until(() => deep(view, '.reference'), 'not filed', 20_000);
    const stored = await api<ReportDetail>(`/reports/${text(deep(view, '.reference'))}`);
    expect(stored.title).to.equal('Foto sbagliata');
    expect(stored.photos).to.have.length(1);
  });

  it('says so when the server refuses a photo for its pixels, not for its kind', async () => {
    const { view } = await reportForm('Foto enorme in pixel');
    // 48 megapixels in a few hundred kilobytes of PNG: under 10 MB, over what the server decodes.
    const huge = await image('panorama.png', '#336699', 'image/png', 8000, 6000);
    expect(huge.size).to.be.below(10 * 1024 * 1024);
    attach(view, [huge]);
    await until(() => previews(view).length === 1, 'no preview');
    next(view);
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
    button(view, 'Conferma e invia')!.click();
    await until(() => deep(view, '.error-summary'), 'no error summary', 20_000);
    const message = text(deep(picker(view), '.error-text'));
    expect(message).to.contain('panorama.png').and.contain('troppi pixel').and.not.contain('non è un’immagine');
    await expect(view).to.be.accessible();
  });

  it('refuses a fourth photo and a photo over 10 MB before sending, saying so on the field', async () => {
    const { el, view } = await reportForm('Troppe foto');
    attach(view, [await image('a.jpg', '#111111'), await image('b.jpg', '#222222'), await image('c.jpg', '#333333')]);
    await until(() => previews(view).length === 3, 'three photos not attached');

    attach(view, [await image('d.jpg', '#444444')]);
    const error = await until(() => deep(picker(view), '.error-text'), 'the fourth photo was not refused');
    expect(text(error)).to.contain('al massimo 3 foto').and.contain('d.jpg');
    expect(previewNames(view)).to.deep.equal(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(fileInput(view).getAttribute('aria-invalid')).to.equal('true');
    expect(fileInput(view).getAttribute('aria-describedby')).to.contain(error.id);
    await until(() => announced(el).includes('al massimo 3 foto'), 'the refusal is not announced');
    await expect(view).to.be.accessible();

    // Room for one more, but not for a file over 10 MB.
    button(picker(view), 'Rimuovi foto 3')!.click();
    await until(() => previews(view).length === 2 && !deep(picker(view), '.error-text'), 'not removed');
    const huge = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'enorme.jpg', { type: 'image/jpeg' });
    attach(view, [huge]);
    const big = await until(() => deep(picker(view), '.error-text'), 'the large photo was not refused');
    expect(text(big)).to.contain('enorme.jpg').and.contain('troppo grande').and.contain('10 MB');
    expect(previews(view)).to.have.length(2);
    await expect(view).to.be.accessible();

    // Nothing wrong with what is attached: the form goes on.
    next(view);
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), 'summary not shown');
    expect(deepAll(view, '.photo-summary img')).to.have.length(2);
  });
});
