import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type LinkClaims, readLink, signLink } from '../../server/services/signed-links.ts';

const key = randomBytes(32);
const now = Date.UTC(2026, 11, 7);
const claims: LinkClaims = { purpose: 'citizen_reply', municipalityId: 7, subject: '42', expiresAt: now + 86_400_000, extra: { to: 'r' } };
const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'accepted';
};

describe('signed links', () => {
  test('a link reads back as what was signed, for its purpose and municipality', () => {
    const token = signLink(key, claims);
    assert.deepEqual(readLink(key, token, 'citizen_reply', 7, now), claims);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'URL-safe without escaping');
  });

  test('another purpose, another municipality, another key, an expired link: refused', () => {
    const token = signLink(key, claims);
    assert.equal(code(() => readLink(key, token, 'resolution_check', 7, now)), 'invalid_link');
    assert.equal(code(() => readLink(key, token, 'citizen_reply', 8, now)), 'invalid_link');
    assert.equal(code(() => readLink(randomBytes(32), token, 'citizen_reply', 7, now)), 'invalid_link');
    assert.equal(code(() => readLink(key, token, 'citizen_reply', 7, claims.expiresAt)), 'link_expired');
  });

  test('a changed subject (another report) is refused, whatever the change', () => {
    const token = signLink(key, claims);
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify([7, '43', claims.expiresAt, { to: 'r' }])).toString('base64url');
    assert.equal(code(() => readLink(key, `${forged}.${mac}`, 'citizen_reply', 7, now)), 'invalid_link');
    fc.assert(
      // Every position, the MAC's last character too (whose low bits base64 does not use).
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCDQgw_-.x'), (at, ch) => {
        const changed = token.slice(0, at) + ch + token.slice(at + 1);
        fc.pre(changed !== token);
        assert.equal(code(() => readLink(key, changed, 'citizen_reply', 7, now)), 'invalid_link');
      }),
    );
    assert.equal(body.length > 0, true);
  });

  test('junk of any shape is a 400, never an exception of another kind', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (junk) => {
        assert.equal(code(() => readLink(key, junk, 'citizen_reply', 7, now)), 'invalid_link');
      }),
    );
  });
});
