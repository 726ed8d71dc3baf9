import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { TEST_RATE_LIMITS, reportBody, startTestApp, type TestApp } from './helpers/app.ts';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { createStaffUser } from './helpers/fixtures.ts';

let t: TestApp;
let base: string;
let app: ReturnType<typeof createApp>;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  app = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), rateLimits: TEST_RATE_LIMITS });
});
after(() => t.close());

/** A phone photo: 2400×1800 JPEG with camera make, serial number and GPS position in its EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Apple', Model: 'iPhone 15', Copyright: 'Maria Rossi' },
      IFD2: { BodySerialNumber: 'SN-123456789' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 59/1 42/1', GPSLongitudeRef: 'E', GPSLongitude: '10/1 13/1 37/1' },
    })
    .toBuffer();
const pngPhoto = () => sharp({ create: { width: 300, height: 200, channels: 4, background: '#3366cc' } }).png().toBuffer();

async function fileWithPhotos(files: { bytes: Buffer; name: string; type: string }[], over: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set('report', JSON.stringify(reportBody(t.m, over)));
  for (const f of files) form.append('photos', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const res = await app.request(`${base}/reports`, { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as any };
}

const counts = async () => {
  const [r] = await t.db.sql`SELECT (SELECT count(*) FROM report)::int AS reports, (SELECT count(*) FROM photo)::int AS photos`;
  return r as { reports: number; photos: number };
};
const fetchBytes = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.request(path, { headers });
  return { status: res.status, type: res.headers.get('Content-Type'), cache: res.headers.get('Cache-Control'), bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('photos on reports', () => {
  test('a phone photo comes back resized, oriented and without any metadata (no GPS, no serial)', async () => {
    const original = await phonePhoto();
    assert.ok((await sharp(original).metadata()).exif, 'the test photo does carry EXIF');
    const filed = await fileWithPhotos([{ bytes: original, name: 'IMG_0001.JPG', type: 'image/jpeg' }]);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const detail = (await t.call('GET', `${base}/reports/${filed.body.reference}`)).body;
    assert.equal(detail.photos.length, 1);
    const photo = await fetchBytes(detail.photos[0].url);
    assert.equal(photo.status, 200);
    assert.equal(photo.type, 'image/jpeg');
    assert.match(photo.cache!, /public, max-age=\d+/);
    const meta = await sharp(photo.bytes).metadata();
    assert.equal(Math.max(meta.width!, meta.height!), 1600);
    assert.equal(meta.exif, undefined);
    assert.equal(meta.icc, undefined);
    for (const secret of ['iPhone', 'SN-123456789', 'Maria Rossi', 'GPS']) assert.ok(!photo.bytes.includes(secret), secret);
    const thumb = await sharp((await fetchBytes(detail.photos[0].thumbnailUrl)).bytes).metadata();
    assert.ok(Math.max(thumb.width!, thumb.height!) <= 320);
  });

  test('the type is told by the content: a PNG named .jpg is fine, a text file named .jpg is refused', async () => {
    const png = await fileWithPhotos([{ bytes: await pngPhoto(), name: 'foto.jpg', type: 'image/jpeg' }]);
    assert.equal(png.status, 201);
    const before = await counts();
    const text = await fileWithPhotos([
      { bytes: await pngPhoto(), name: 'ok.png', type: 'image/png' },
      { bytes: Buffer.from('non sono una foto, solo testo'), name: 'foto.jpg', type: 'image/jpeg' },
    ]);
    assert.equal(text.status, 400);
    assert.equal(text.body.error.details.fields[0].field, 'photos.1');
    assert.deepEqual(await counts(), before, 'nothing written');
  });

  test('a photo over 10 MB gets 413 with the JSON error; more than 3 photos a 400; nothing written', async () => {
    const before = await counts();
    const big = await fileWithPhotos([{ bytes: Buffer.alloc(10 * 1024 * 1024 + 1, 1), name: 'grande.jpg', type: 'image/jpeg' }]);
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'payload_too_large');
    const four = await fileWithPhotos(Array.from({ length: 4 }, () => ({ bytes: Buffer.from('x'), name: 'a.png', type: 'image/png' })));
    assert.equal(four.status, 400);
    assert.equal(four.body.error.details.fields[0].field, 'photos');
    const badReport = await fileWithPhotos([{ bytes: await pngPhoto(), name: 'a.png', type: 'image/png' }], { title: '' });
    assert.equal(badReport.status, 400);
    assert.equal(badReport.body.error.details.fields[0].field, 'title');
    assert.deepEqual(await counts(), before);
  });

  test('a failure while storing the photos leaves neither report nor photos', async () => {
    // A trigger makes the second photo's insert fail, as a crash in the middle of the write would.
    await t.db.sql`CREATE FUNCTION fail_second_photo() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.position = 1 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`;
    await t.db.sql`CREATE TRIGGER fail_second_photo BEFORE INSERT ON photo FOR EACH ROW EXECUTE FUNCTION fail_second_photo()`;
    try {
      const before = await counts();
      const res = await fileWithPhotos([
        { bytes: await pngPhoto(), name: 'a.png', type: 'image/png' },
        { bytes: await pngPhoto(), name: 'b.png', type: 'image/png' },
      ]);
      assert.equal(res.status, 500);
      assert.deepEqual(await counts(), before);
    } finally {
      await t.db.sql`DROP TRIGGER fail_second_photo ON photo`;
      await t.db.sql`DROP FUNCTION fail_second_photo()`;
    }
  });

  test('a photo hidden by staff answers 404 to the public and stays visible to staff', async () => {
    await createStaffUser(t.db.sql, t.m.id, { email: 'mod@t.example', name: 'Moderatrice', role: 'admin', password: 'moderazione-1' });
    const auth = { Authorization: `Bearer ${(await t.call('POST', `${base}/admin/login`, { email: 'mod@t.example', password: 'moderazione-1' })).body.token}` };
    const filed = await fileWithPhotos([
      { bytes: await pngPhoto(), name: 'targa.png', type: 'image/png' },
      { bytes: await pngPhoto(), name: 'buca.png', type: 'image/png' },
    ]);
    const staffView = (await t.call('GET', `${base}/admin/reports/${filed.body.reference}`, undefined, auth)).body;
    const [plate, hole] = staffView.photos;
    const hide = await t.call('POST', `${base}/admin/reports/${filed.body.reference}/photos/${plate.id}`, { hidden: true }, auth);
    assert.equal(hide.status, 200);
    assert.equal((await fetchBytes(`${base}/photos/${plate.id}`)).status, 404);
    assert.equal((await fetchBytes(`${base}/photos/${plate.id}/thumbnail`)).status, 404);
    assert.equal((await fetchBytes(`${base}/photos/${hole.id}`)).status, 200);
    const publicView = (await t.call('GET', `${base}/reports/${filed.body.reference}`)).body;
    assert.deepEqual(publicView.photos.map((p: { id: string }) => p.id), [hole.id]);
    const asStaff = await fetchBytes(`${base}/admin/photos/${plate.id}`, auth);
    assert.equal(asStaff.status, 200);
    assert.equal((await fetchBytes(`${base}/admin/photos/${plate.id}`)).status, 401);
    const again = (await t.call('GET', `${base}/admin/reports/${filed.body.reference}`, undefined, auth)).body;
    assert.deepEqual(again.photos.map((p: { hidden: boolean }) => p.hidden), [true, false]);
  });

  test('photos of a report that is not public are not served', async () => {
    const filed = await fileWithPhotos([{ bytes: await pngPhoto(), name: 'a.png', type: 'image/png' }]);
    const [{ public_id }] = await t.db.sql`SELECT public_id FROM photo p JOIN report r ON r.id = p.report_id WHERE r.reference = ${filed.body.reference}`;
    assert.equal((await fetchBytes(`${base}/photos/${public_id}`)).status, 200);
    await t.db.sql`UPDATE report SET status = 'hidden', published = false WHERE reference = ${filed.body.reference}`;
    assert.equal((await fetchBytes(`${base}/photos/${public_id}`)).status, 404);
    assert.equal((await fetchBytes(`${base}/photos/not-an-id`)).status, 404);
  });

  test('an idempotent retry with the same photos gives the same report', async () => {
    const bytes = await pngPhoto();
    const headers = { 'Idempotency-Key': 'photo-retry-0001' };
    const a = await fileWithPhotos([{ bytes, name: 'a.png', type: 'image/png' }], {}, headers);
    const before = await counts();
    const b = await fileWithPhotos([{ bytes, name: 'a.png', type: 'image/png' }], {}, headers);
    assert.equal(b.body.reference, a.body.reference);
    assert.deepEqual(await counts(), before);
  });
});
