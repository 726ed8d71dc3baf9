import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { Config } from '../../widget/api.ts';
import { ADMIN, API, MUNICIPALITY, adminApi, antiSpamFields, apiLogin, hideReports, publicApi } from './admin-helpers.ts';

/**
 * Real embedding: this test page and the Segnala server are two origins, as a municipal site and
 * Segnala are. Chromium itself enforces CORS: reads are open to any site, writes (filing, erasing
 * one's contact data) only from the sites the municipality lists in its settings.
 */
describe('embedding on another site: CORS as the browser enforces it', () => {
  let admin: Session;
  const base = `${API}/api/v1/${MUNICIPALITY}`;
  const filed: string[] = [];
  /** From Node, not from this page: once the page is no longer an allowed origin, its own requests are blocked too. */
  async function setOrigins(allowedOrigins: string[]) {
    const res = await executeServerCommand<{ status: number; body: string }, Record<string, unknown>>('node-fetch', {
      url: `${base}/admin/settings`,
      method: 'PATCH',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ allowedOrigins }),
    });
    expect(res?.status, res?.body).to.equal(200);
  }

  async function file(title: string) {
    const config = await publicApi<Config>('/config');
    const { lat, lon } = config.map.center;
    return fetch(`${base}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `embedding-${Date.now()}-${Math.random().toString(36).slice(2)}` },
      body: JSON.stringify({
        categoryId: config.categories[0].id,
        title,
        details: 'Depositata dal test di incorporamento.',
        location: { lat: lat + 0.002, lon: lon - 0.002 },
        privacyAccepted: true,
        contact: { email: 'incorporamento@example.org' },
        antiSpam: await antiSpamFields(),
      }),
    });
  }

  before(async () => {
    admin = await apiLogin(ADMIN);
    expect(new URL(API).origin, 'the API must be on another origin for this test to mean anything').not.to.equal(location.origin);
  });
  after(async () => {
    await setOrigins(['*']);
    await hideReports(admin, filed);
  });

  it('a site not on the list can read but not file: the browser blocks the request and nothing is written', async () => {
    await setOrigins(['https://www.comune.example.it']);
    expect((await fetch(`${base}/config`)).status).to.equal(200);
    const title = `Da un sito non autorizzato ${Date.now().toString(36)}`;
    let blocked = false;
    try {
      await file(title);
    } catch (err) {
      blocked = err instanceof TypeError;
    }
    expect(blocked, 'the browser refused the cross-origin write').to.equal(true);
    const { reports } = await publicApi<{ reports: { title: string }[] }>(`/reports?status=all&q=${encodeURIComponent(title)}`);
    expect(reports.map((r) => r.title)).not.to.include(title);
  });

  it('a listed site files, and its citizen can erase their contact data from it (DELETE, preflighted)', async () => {
    await setOrigins(['https://www.comune.example.it', location.origin]);
    const res = await file('Da un sito autorizzato');
    expect(res.status).to.equal(201);
    const { reference, trackingCode } = (await res.json()) as { reference: string; trackingCode: string };
    filed.push(reference);
    const erase = await fetch(`${base}/track/${trackingCode}/contact`, { method: 'DELETE' });
    expect(erase.status).to.equal(204);
    const detail = await adminApi<{ contact: { email: string | null } | null }>(admin, `/reports/${reference}`);
    expect(JSON.stringify(detail.contact ?? {})).not.to.contain('incorporamento@example.org');
  });
});
