import { expect } from '@open-wc/testing';
import { ADMIN, adminApi, apiLogin, mountAdmin, queueView, resetAdminPage, text } from './admin-helpers.ts';
import { until } from './helpers.ts';

/** Catches the file the console hands to the browser (the link it clicks), instead of saving it. */
function catchDownload() {
  const original = HTMLAnchorElement.prototype.click;
  let caught: { href: string; name: string } | undefined;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) caught = { href: this.href, name: this.download };
    else original.call(this);
  };
  return {
    file: () => until(() => caught, 'no file was handed to the browser'),
    restore: () => (HTMLAnchorElement.prototype.click = original),
  };
}

// Issue 14 §2: the queue's filter as GeoJSON for a GIS, from the console's button.
describe('the console exports the queue for a GIS', () => {
  beforeEach(resetAdminPage);

  it('"Esporta GeoJSON" downloads the filtered reports as points a GIS opens, without contact data', async () => {
    const session = await apiLogin();
    const el = await mountAdmin({ as: session });
    const view = await queueView(el);
    await expect(view).to.be.accessible();
    const download = catchDownload();
    try {
      view.shadowRoot!.querySelector<HTMLButtonElement>('button.geojson')!.click();
      const { href, name } = await download.file();
      expect(name).to.match(/^segnalazioni-seravezza-\d{4}-\d{2}-\d{2}\.geojson$/);
      const collection = await (await fetch(href)).json();
      expect(collection.type).to.equal('FeatureCollection');
      // The same reports as the queue's own filter (open reports of the clerk's offices).
      const queue = await adminApi<{ total: number; reports: { reference: string; contact: { email: string | null } }[] }>(session, '/reports?status=open&limit=200');
      expect(collection.features.length).to.equal(queue.total);
      const located = collection.features.find((f: { geometry: unknown }) => f.geometry)!;
      const [lon, lat] = located.geometry.coordinates;
      expect(lon).to.be.within(10.1, 10.4);
      expect(lat).to.be.within(43.9, 44.1);
      const text = JSON.stringify(collection);
      for (const r of queue.reports) if (r.contact.email) expect(text).not.to.contain(r.contact.email);
      await until(() => el.shadowRoot!.querySelector('[role=status]')?.textContent?.includes('GeoJSON'), 'the download was not announced');
    } finally {
      download.restore();
    }
  });

  // Issue 14 §2: no contact data in a CSV unless an admin asks for it explicitly; that is recorded.
  it('"Esporta CSV" has no contact columns; the admin’s "CSV con i contatti" asks first, then has them', async () => {
    const session = await apiLogin(ADMIN);
    const el = await mountAdmin({ as: session });
    const view = await queueView(el);
    await expect(view).to.be.accessible();
    const root = view.shadowRoot!;
    const csvButton = [...root.querySelectorAll<HTMLButtonElement>('.toolbar button')].find((b) => text(b).includes('Esporta CSV'))!;
    let download = catchDownload();
    try {
      csvButton.click();
      const header = (await (await fetch((await download.file()).href)).text()).split('\r\n')[0];
      expect(header).to.contain('Numero');
      expect(header).not.to.contain('E-mail');
      expect(header).not.to.contain('Segnalante');
    } finally {
      download.restore();
    }
    await until(() => !csvButton.disabled, 'the plain export did not finish');
    const dialog = root.querySelector<HTMLDialogElement>('dialog.contacts-confirm')!;
    root.querySelector<HTMLButtonElement>('button.csv-contacts')!.click();
    expect(dialog.open).to.equal(true);
    await expect(dialog).to.be.accessible();
    expect(root.activeElement?.classList.contains('cancel'), 'the safe answer has the focus').to.equal(true);
    expect(text(dialog)).to.contain('registrata');
    // Cancelling closes the question; confirming downloads the file.
    download = catchDownload();
    try {
      dialog.querySelector<HTMLButtonElement>('button.cancel')!.click();
      expect(dialog.open).to.equal(false);
      root.querySelector<HTMLButtonElement>('button.csv-contacts')!.click();
      dialog.querySelector<HTMLButtonElement>('button.confirm')!.click();
      const { href, name } = await download.file();
      expect(name).to.match(/\.csv$/);
      const csv = await (await fetch(href)).text();
      const header = csv.split('\r\n')[0];
      expect(header).to.contain('Segnalante');
      expect(header).to.contain('E-mail');
      expect(header).to.contain('Telefono');
      await until(() => el.shadowRoot!.querySelector('[role=status]')?.textContent?.includes('registrata'), 'the recorded export was not announced');
    } finally {
      download.restore();
    }
  });

  it('a clerk has no "CSV con i contatti"', async () => {
    const el = await mountAdmin({ as: await apiLogin() });
    const view = await queueView(el);
    expect(view.shadowRoot!.querySelector('button.csv-contacts')).to.equal(null);
    expect(view.shadowRoot!.querySelector('dialog.contacts-confirm')).to.equal(null);
  });
});
