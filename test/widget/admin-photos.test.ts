import { expect } from '@open-wc/testing';
import type { Session, StaffReport } from '../../widget/admin/admin-api.ts';
import type { Config, ReportDetail } from '../../widget/api.ts';
import {
  ADMIN,
  MUNICIPALITY,
  adminApi,
  apiLogin,
  fileReport,
  mountAdmin,
  pngPhoto,
  publicApi,
  reportView,
  resetAdminPage,
  statusOf,
  text,
  until,
} from './admin-helpers.ts';
import { activeElement } from './helpers.ts';

type View = HTMLElement & { shadowRoot: ShadowRoot };

let admin: Session;
let reference: string;
let photoIds: string[];

const photosPanel = (view: View) => view.shadowRoot.querySelector('segnala-admin-photos') as View;
const items = (view: View) => [...photosPanel(view).shadowRoot.querySelectorAll<HTMLLIElement>('li')];
const toggleButton = (li: Element) => li.querySelector<HTMLButtonElement>('button.small')!;
const loadedImage = (img: HTMLImageElement | null | undefined) => !!img && img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:');

describe('console: the photos of a report', () => {
  before(async () => {
    admin = await apiLogin(ADMIN);
    const config = await publicApi<Config>('/config');
    const filed = await fileReport({ categoryId: config.categories[0].id, title: 'Cartello divelto, con foto' }, [
      await pngPhoto('uno', '#1f5f8b'),
      await pngPhoto('due', '#8b1f3c', 480, 640),
    ]);
    reference = filed.reference;
    // Taken in charge, so it is public: a photo's public URL answers only for a public report.
    const report = await adminApi<StaffReport>(admin, `/reports/${reference}`);
    await adminApi(admin, `/reports/${reference}/status`, { method: 'POST', body: JSON.stringify({ status: 'accepted', version: report.version }) });
    photoIds = report.photos.map((p) => p.id);
    expect(photoIds.length).to.equal(2);
  });
  beforeEach(resetAdminPage);
  after(async () => {
    // Off the public map and list again: the citizen widget's tests expect the demo's reports there.
    const report = await adminApi<StaffReport>(admin, `/reports/${reference}`);
    await adminApi(admin, `/reports/${reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'hidden', message: 'Prova della console: tolta dal pubblico.', version: report.version }),
    });
  });

  it('shows the thumbnails, loaded with the token, and one photo large in a dialog', async () => {
    const el = await mountAdmin({ as: admin, hash: `#segnala-admin/report/${reference}` });
    const view = (await reportView(el)) as View;
    await until(() => items(view).length === 2 && items(view).every((li) => loadedImage(li.querySelector('img'))), 'the thumbnails did not load');
    await expect(view).to.be.accessible();

    const imgs = items(view).map((li) => li.querySelector('img')!);
    expect(imgs.map((i) => i.alt)).to.deep.equal([`Foto 1 della segnalazione ${reference}`, `Foto 2 della segnalazione ${reference}`]);
    // Proportions kept: the second photo is portrait.
    expect(imgs[1].naturalHeight).to.be.greaterThan(imgs[1].naturalWidth);
    expect(items(view).map((li) => text(toggleButton(li)))).to.deep.equal(['Nascondi al pubblico: foto 1', 'Nascondi al pubblico: foto 2']);
    expect(photosPanel(view).shadowRoot.querySelector('.badge')).to.equal(null);

    const thumb = items(view)[1].querySelector<HTMLButtonElement>('button.thumb')!;
    thumb.focus();
    thumb.click();
    const dialog = await until(() => photosPanel(view).shadowRoot.querySelector<HTMLDialogElement>('dialog[open]'), 'no dialog');
    await until(() => loadedImage(dialog.querySelector('img')), 'the large photo did not load');
    expect(text(dialog.querySelector('h4'))).to.equal('Foto 2 di 2');
    const large = dialog.querySelector('img')!;
    expect(large.alt).to.equal(`Foto 2 della segnalazione ${reference}`);
    expect(large.naturalWidth).to.be.greaterThan(imgs[1].naturalWidth);
    await expect(photosPanel(view)).to.be.accessible();
    const largeUrl = large.src;
    [...dialog.querySelectorAll('button')].find((b) => text(b) === 'Chiudi')!.click();
    await until(() => !dialog.open, 'the dialog did not close');
    await until(() => activeElement() === thumb, 'the focus did not go back to the thumbnail');
    // The large image's object URL is let go with the dialog.
    let revoked = false;
    await fetch(largeUrl).catch(() => (revoked = true));
    expect(revoked).to.equal(true);
  });

  it('hiding a photo takes it off the public URL, showing it again restores it; both are noted in the history', async () => {
    const publicUrl = `/api/v1/${MUNICIPALITY}/photos/${photoIds[0]}`;
    expect(await statusOf(publicUrl)).to.equal(200);

    const el = await mountAdmin({ as: admin, hash: `#segnala-admin/report/${reference}` });
    const view = (await reportView(el)) as View;
    await until(() => items(view).length === 2 && loadedImage(items(view)[0].querySelector('img')), 'the thumbnails did not load');
    const first = items(view)[0];
    const button = toggleButton(first);
    button.focus();
    button.click();
    await until(() => text(first.querySelector('.badge')) === '◇Nascosta al pubblico', 'no “hidden” marker');
    expect(text(toggleButton(first))).to.equal('Mostra di nuovo: foto 1');
    expect(first.classList.contains('hidden-photo')).to.equal(true);
    // The same row and button: the focus stays where the clerk is.
    expect(items(view)[0]).to.equal(first);
    expect(activeElement()).to.equal(toggleButton(first));
    await until(() => text(view.shadowRoot.querySelector('ol.history li')).includes('Foto 1 nascosta al pubblico'), 'no history entry');
    const entry = view.shadowRoot.querySelector('ol.history li')!;
    expect(entry.classList.contains('internal')).to.equal(true);
    expect(text(photosPanel(view).shadowRoot.querySelector('.notice.success'))).to.equal('Foto 1 nascosta al pubblico.');
    await expect(view).to.be.accessible();

    expect(await statusOf(publicUrl)).to.equal(404);
    expect(await statusOf(`${publicUrl}/thumbnail`)).to.equal(404);
    const publicReport = await publicApi<ReportDetail & { photos: { id: string }[] }>(`/reports/${reference}`);
    expect(publicReport.photos.map((p) => p.id)).to.deep.equal([photoIds[1]]);
    // Staff still see it.
    expect(loadedImage(first.querySelector('img'))).to.equal(true);

    toggleButton(first).click();
    await until(() => !first.querySelector('.badge'), 'the marker stayed');
    expect(text(toggleButton(first))).to.equal('Nascondi al pubblico: foto 1');
    await until(() => text(view.shadowRoot.querySelector('ol.history li')).includes('Foto 1 di nuovo visibile al pubblico'), 'no history entry');
    expect(await statusOf(publicUrl)).to.equal(200);
  });

  it('leaving the report lets go of the thumbnails’ object URLs; in English the texts follow', async () => {
    const el = await mountAdmin({ as: admin, hash: `#segnala-admin/report/${reference}`, lang: 'en' });
    const view = (await reportView(el)) as View;
    await until(() => items(view).length === 2 && items(view).every((li) => loadedImage(li.querySelector('img'))), 'the thumbnails did not load');
    expect(items(view)[0].querySelector('img')!.alt).to.equal(`Photo 1 of report ${reference}`);
    expect(text(toggleButton(items(view)[0]))).to.equal('Hide from the public: photo 1');
    const urls = items(view).map((li) => li.querySelector('img')!.src);
    el.shadowRoot!.querySelector<HTMLAnchorElement>('nav a')!.click();
    await until(() => el.shadowRoot!.querySelector('segnala-admin-queue'), 'no queue');
    for (const url of urls) {
      let revoked = false;
      await fetch(url).catch(() => (revoked = true));
      expect(revoked, url).to.equal(true);
    }
  });
});
