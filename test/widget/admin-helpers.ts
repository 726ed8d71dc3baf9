/// <reference types="mocha" />
import { fixture, html } from '@open-wc/testing';
import '../../widget/admin/segnala-admin.ts';
import type { Session } from '../../widget/admin/admin-api.ts';
import type { SegnalaAdmin } from '../../widget/admin/segnala-admin.ts';
import { API, MUNICIPALITY, TILE, deep, text, until } from './helpers.ts';

export { API, MUNICIPALITY, deep, text, until };

export const CLERK = 'tecnico@seravezza.example';
export const ADMIN = 'admin@seravezza.example';
export const PASSWORD = 'segnala-demo';
/** The clerk's office in the demo seed. */
export const TECNICO_DEPARTMENT = 1;

const ADMIN_BASE = `${API}/api/v1/${MUNICIPALITY}/admin`;
/** Where the console keeps its session (see widget/admin/session-store.ts). */
export const SESSION_KEY = `segnala-admin:${ADMIN_BASE}`;

/** Each test starts logged out, with a clean URL, in Italian. */
export function resetAdminPage() {
  history.replaceState(null, '', location.pathname + location.search);
  sessionStorage.clear();
  localStorage.clear();
  document.documentElement.lang = 'it';
}

/** A staff session straight from the API (to prepare data, or to skip the login form). */
export async function apiLogin(email = CLERK): Promise<Session> {
  const res = await fetch(`${ADMIN_BASE}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${res.status}`);
  return res.json();
}

/** Calls the staff API with a session's token. */
export async function adminApi<T = any>(session: Session, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${ADMIN_BASE}${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}`, ...(init.headers ?? {}) },
  });
  const body = res.status === 204 ? undefined : await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/** The public API, as the citizen's widget calls it. */
export async function publicApi<T = any>(path: string): Promise<T> {
  const res = await fetch(`${API}/api/v1/${MUNICIPALITY}${path}`, { cache: 'no-store' });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/** Mounts the console; with `as`, already logged in (the session stored as after a login). */
export async function mountAdmin(opts: { lang?: string; as?: Session; hash?: string } = {}) {
  if (opts.as) sessionStorage.setItem(SESSION_KEY, JSON.stringify(opts.as));
  if (opts.hash) history.replaceState(null, '', opts.hash);
  const el = await fixture<SegnalaAdmin>(
    html`<segnala-admin api=${API} municipality=${MUNICIPALITY} tile-url=${TILE} lang=${opts.lang ?? ''}></segnala-admin>`,
  );
  await until(() => el.shadowRoot!.querySelector('segnala-admin-login, .view > *'), 'the console did not load');
  return el;
}

/** The login view, once shown. */
export const loginView = (el: SegnalaAdmin) => until(() => el.shadowRoot!.querySelector('segnala-admin-login'), 'no login form');

/** Fills and sends the login form as a user would. */
export async function logInThroughForm(el: SegnalaAdmin, email: string, password: string) {
  const login = await loginView(el);
  await login.updateComplete;
  const root = login.shadowRoot!;
  const emailInput = root.querySelector<HTMLInputElement>('#login-email')!;
  const passwordInput = root.querySelector<HTMLInputElement>('#login-password')!;
  emailInput.value = email;
  passwordInput.value = password;
  root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  return login;
}

/** The current view element of the console. */
export function adminView<T extends HTMLElement = HTMLElement & { shadowRoot: ShadowRoot }>(el: SegnalaAdmin): T {
  return el.shadowRoot!.querySelector('.view > *') as T;
}

/**
 * The queue of every report the user may see, once its rows are in. A clerk's console opens on
 * "Le mie" (their own reports): tests that look for a report they just filed switch to "Tutte",
 * as a clerk would; `myQueue` keeps the scope the console opened with.
 */
export async function queueView(el: SegnalaAdmin) {
  const view = await myQueue(el);
  const all = view.shadowRoot!.querySelector<HTMLButtonElement>('.scope-all')!;
  if (all.getAttribute('aria-pressed') !== 'true') {
    all.click();
    await until(() => all.getAttribute('aria-pressed') === 'true' && !(view as unknown as { loading: boolean }).loading, 'the whole queue did not load');
    await until(() => view.shadowRoot?.querySelector('tbody tr, .notice'), 'the queue did not load');
  }
  return view;
}

/** The queue as the console opens it, once its rows are in. */
export async function myQueue(el: SegnalaAdmin) {
  const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-queue'), 'no queue');
  await until(() => view.shadowRoot?.querySelector('tbody tr, .notice') && !(view as unknown as { loading: boolean }).loading, 'the queue did not load');
  return view;
}

/** The report view, once the report is in. */
export async function reportView(el: SegnalaAdmin) {
  const view = await until(() => el.shadowRoot!.querySelector('segnala-admin-report'), 'no report view');
  await until(() => view.shadowRoot?.querySelector('article h2'), 'the report did not load');
  return view;
}

export const rowsOf = (queue: Element) => [...queue.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr')];

/** Sets a form control's value and tells Lit about it, as typing or picking would. */
export function setValue(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string) {
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** A PNG drawn in the browser, as a phone's gallery would hand it over. */
export async function pngPhoto(name: string, color: string, width = 640, height = 480): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = color;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#ffffff';
  g.font = '40px sans-serif';
  g.fillText(name, 30, 80);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

/**
 * Takes reports a test filed off the public list: the citizen widget's suites pick public reports,
 * and a list shifted by another suite's leftovers would make them fail for no fault of the widget.
 */
export async function hideReports(admin: Session, references: string[], message = 'Prova automatica: tolta dal pubblico.') {
  for (const reference of references) {
    const report = await adminApi<{ version: number }>(admin, `/reports/${reference}`);
    await adminApi(admin, `/reports/${reference}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'hidden', message, version: report.version }),
    });
  }
}

/** The demo checks filings for spam: a form token, held past the minimum fill time, as the widget does. */
export async function antiSpamFields() {
  const form = await publicApi<{ token: string; minSeconds: number }>('/form-token');
  await new Promise((r) => setTimeout(r, form.minSeconds * 1000 + 100));
  return { token: form.token, website: '' };
}

/**
 * Files a report through the public API as the widget does: JSON, or multipart/form-data with
 * the same JSON in `report` and the `photos` files.
 */
export async function fileReport(
  report: { categoryId: number; title: string; details?: string; contact?: { name?: string; email?: string } },
  photos: File[] = [],
): Promise<{ reference: string; published: boolean; trackingCode: string }> {
  const config = await publicApi<{ map: { center: { lat: number; lon: number } } }>('/config');
  // Somewhere near the centre, not on it: reports on one spot share a cluster on the citizens' map.
  const { lat, lon } = config.map.center;
  const location = { lat: lat + (Math.random() - 0.5) * 0.006, lon: lon + (Math.random() - 0.5) * 0.006 };
  const body = { details: 'Depositata dai test della console.', ...report, location, privacyAccepted: true, antiSpam: await antiSpamFields() };
  let init: RequestInit;
  if (photos.length) {
    const form = new FormData();
    form.set('report', JSON.stringify(body));
    for (const p of photos) form.append('photos', p);
    init = { method: 'POST', body: form };
  } else init = { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
  const res = await fetch(`${API}/api/v1/${MUNICIPALITY}/reports`, init);
  const answer = await res.json();
  if (res.status !== 201) throw new Error(`filing ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** The HTTP status of a public URL, past the browser's cache. */
export async function statusOf(path: string) {
  return (await fetch(`${API}${path}`, { cache: 'no-store' })).status;
}
