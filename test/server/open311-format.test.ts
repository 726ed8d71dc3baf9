import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { dateWindow, formatW3, parseW3 } from '../../server/open311/dates.ts';
import { Open311Error } from '../../server/open311/errors.ts';
import { elements, toXml } from '../../server/open311/format.ts';
import { titleFrom } from '../../server/services/open311.ts';

describe('Open311 dates', () => {
  test('answers in Rome time with its offset, winter and summer', () => {
    assert.equal(formatW3(new Date('2026-11-26T07:15:30Z')), '2026-11-26T08:15:30+01:00');
    assert.equal(formatW3(new Date('2026-07-26T07:15:30.999Z')), '2026-07-26T09:15:30+02:00');
    assert.equal(formatW3(new Date('2026-12-31T23:30:00Z')), '2027-01-01T00:30:00+01:00');
  });

  test('reads w3 date-times with a zone; refuses the rest', () => {
    assert.equal(parseW3('1994-11-05T08:15:30-05:00')?.toISOString(), '1994-11-05T13:15:30.000Z');
    assert.equal(parseW3('1994-11-05T13:15:30Z')?.toISOString(), '1994-11-05T13:15:30.000Z');
    assert.equal(parseW3('2026-11-26T08:15+01:00')?.toISOString(), '2026-11-26T07:15:00.000Z');
    assert.equal(parseW3('2026-11-26T08:15:30.123456+0100')?.toISOString(), '2026-11-26T07:15:30.123Z');
    // "+" turned into a space by a query string that was not percent-encoded.
    assert.equal(parseW3('2026-11-26T08:15:30 01:00')?.toISOString(), '2026-11-26T07:15:30.000Z');
    for (const bad of ['', 'ieri', '2026-11-26', '2026-11-26T08:15:30', '2026-02-30T08:00:00Z', '2026-13-01T00:00:00Z', '2026-11-26T25:00:00Z', '2026-11-26T08:15:30+1']) {
      assert.equal(parseW3(bad), undefined, bad);
    }
  });

  test('the query window: at most 90 days, the last 90 by default', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    assert.deepEqual(dateWindow(undefined, '', now), { from: new Date('2026-03-03T00:00:00Z'), to: now });
    assert.deepEqual(dateWindow('2026-01-01T00:00:00Z', undefined, now).to, new Date('2026-04-01T00:00:00Z'));
    assert.deepEqual(dateWindow(undefined, '2026-04-01T00:00:00Z', now).from, new Date('2026-01-01T00:00:00Z'));
    assert.doesNotThrow(() => dateWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'));
    assert.throws(() => dateWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:01Z'), (e: Open311Error) => e.status === 400);
    assert.throws(() => dateWindow('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'), /after/);
  });
});

describe('Open311 XML', () => {
  test('escapes markup, drops characters XML cannot carry, renders empty and repeated elements', () => {
    const text = toXml('service_requests', elements('request', [{ description: 'a < b & "c" \u0001ok', media_url: null, lat: 43.5, flag: false }]));
    assert.ok(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n'));
    assert.match(text, /<description>a &lt; b &amp; &quot;c&quot; ok<\/description>/);
    assert.match(text, /<media_url\/>/);
    const parsed = new XMLParser({ parseTagValue: false }).parse(text);
    assert.deepEqual(parsed.service_requests.request, { description: 'a < b & "c" ok', media_url: '', lat: '43.5', flag: 'false' });
  });
});

describe('titles from descriptions', () => {
  test('the first sentence, cut at a word to 60 characters, or the service name when too short', () => {
    assert.equal(titleFrom('Lampione spento. Da una settimana.', 'Illuminazione'), 'Lampione spento');
    assert.equal(titleFrom('Buca!\nGrande', 'Strade'), 'Buca!');
    assert.equal(titleFrom('ok', 'Strade e marciapiedi'), 'Strade e marciapiedi');
    const long = titleFrom('Il marciapiede di fronte alla scuola elementare è dissestato e pericoloso per i bambini', 'x');
    assert.equal(long, 'Il marciapiede di fronte alla scuola elementare è…');
    assert.ok(long.length <= 60);
    assert.equal(titleFrom('a'.repeat(100), 'x').length, 60);
  });
});
