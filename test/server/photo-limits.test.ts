import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { photoQueue } from '../../server/services/photos.ts';
import { TEST_RATE_LIMITS, reportBody, startTestApp, type TestApp } from './helpers/app.ts';

/**
 * Issue 11, item 10: a few huge photos filed at once took seconds each and more than a gigabyte of
 * memory. Photos are decoded a bounded number at a time, and inputs too large to decode are refused
 * before any decoding, naming the photo.
 */

let t: TestApp;
let base: string;
let app: ReturnType<typeof createApp>;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/${t.m.slug}`;
  app = createApp({ sql: t.db.sql, secretKey: t.secretKey, logger: createLogger('silent'), rateLimits: TEST_RATE_LIMITS });
});
after(() => t.close());

const png = (width: number, height: number, sixteenBit = false) => {
  const image = sharp({ create: { width, height, channels: 3, background: '#3366cc' } });
  return (sixteenBit ? image.toColourspace('rgb16') : image).png({ compressionLevel: 1 }).toBuffer();
};

async function fileWithPhotos(photos: Buffer[]) {
  const form = new FormData();
  form.set('report', JSON.stringify(reportBody(t.m)));
  for (const bytes of photos) form.append('photos', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'foto.png');
  const res = await app.request(`${base}/reports`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as any, retryAfter: res.headers.get('Retry-After') };
}

const counts = async () =>
  (await t.db.sql<{ reports: number; photos: number }[]>`
    SELECT (SELECT count(*) FROM report)::int AS reports, (SELECT count(*) FROM photo)::int AS photos`)[0];

describe('photos too large to decode are refused, naming the photo', () => {
  test('too many pixels (a 7000 × 7000 image, small as a file) is a 400 on photos.1; nothing written', async () => {
    const before = await counts();
    const res = await fileWithPhotos([await png(300, 200), await png(7000, 7000)]);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'invalid_request');
    assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), ['photos.1']);
    assert.match(res.body.error.details.fields[0].message, /megapixel/);
    assert.deepEqual(await counts(), before);
  });

  test('16-bit colour counts double: a 5000 × 5000 16-bit PNG is refused, the same in 8 bits is accepted', async () => {
    const deep = await fileWithPhotos([await png(5000, 5000, true)]);
    assert.equal(deep.status, 400, JSON.stringify(deep.body));
    assert.equal(deep.body.error.details.fields[0].field, 'photos.0');
    assert.match(deep.body.error.details.fields[0].message, /too large to process/);
    const shallow = await fileWithPhotos([await png(5000, 5000)]);
    assert.equal(shallow.status, 201, JSON.stringify(shallow.body));
  });

  test('a side longer than any camera makes (30 000 × 200) is refused', async () => {
    const res = await fileWithPhotos([await png(30_000, 200)]);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.details.fields[0].field, 'photos.0');
  });
});

describe('photos are decoded a few at a time', () => {
  test('six filings with large (allowed) photos at once: never more decodes at once than the bound, all filed', async () => {
    const bound = photoQueue.options.concurrency;
    assert.ok(bound >= 1 && bound <= 2);
    const photo = await png(3000, 3000);
    // sharp's own count of images it is working on, sampled while the filings run: independent of
    // the queue's bookkeeping.
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, sharp.counters().process)), 1);
    photoQueue.resetPeak();
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => fileWithPhotos([photo])));
      assert.deepEqual(results.map((r) => r.status), results.map(() => 201));
    } finally {
      clearInterval(sampler);
    }
    assert.ok(most >= 1, 'the sampler saw the work');
    assert.ok(most <= bound, `sharp worked on ${most} images at once (bound ${bound})`);
    assert.ok(photoQueue.stats().peakRunning <= bound);
    assert.deepEqual(photoQueue.stats(), { running: 0, waiting: 0, peakRunning: photoQueue.stats().peakRunning });
  });

  test('a filing that would wait too long for its turn gets 503 with Retry-After, and nothing is written', async () => {
    const saved = { ...photoQueue.options };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Every place taken by work that does not end until the test says so.
    const holders = Array.from({ length: saved.concurrency }, () => photoQueue.run(() => gate));
    photoQueue.configure({ maxWaitMs: 200 });
    try {
      const before = await counts();
      const res = await fileWithPhotos([await png(300, 200)]);
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'busy');
      assert.ok(Number(res.retryAfter) >= 1, `Retry-After: ${res.retryAfter}`);
      assert.deepEqual(await counts(), before);
      // With the queue full, the next one is told at once rather than kept waiting in memory.
      photoQueue.configure({ maxWaitMs: 60_000, maxWaiting: 0 });
      const started = Date.now();
      assert.equal((await fileWithPhotos([await png(300, 200)])).status, 503);
      assert.ok(Date.now() - started < 5_000);
    } finally {
      photoQueue.configure(saved);
      release();
      await Promise.all(holders);
    }
    assert.equal((await fileWithPhotos([await png(300, 200)])).status, 201, 'served again once the work is done');
  });
});
