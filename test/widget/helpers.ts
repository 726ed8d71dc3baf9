/// <reference types="mocha" />
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../widget/segnala-widget.ts';
import type { SegnalaWidget } from '../../widget/segnala-widget.ts';

declare global {
  interface Window {
    SEGNALA_API: string;
  }
}

/** The live test server (started by web-test-runner.config.mjs). */
export const API = window.SEGNALA_API;
export const MUNICIPALITY = 'seravezza';

/** A one-pixel tile: the tests never reach the internet. */
export const TILE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMB/6kz6dEAAAAASUVORK5CYII=';

export async function api<T = any>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${API}/api/v1/${MUNICIPALITY}${path}`, init);
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/** Starts each test from a clean URL and storage: the widget reads both. */
export function resetPage() {
  history.replaceState(null, '', location.pathname + location.search);
  localStorage.clear();
  document.documentElement.lang = 'it';
}

export async function mountWidget(attrs: { view?: string; lang?: string; street?: string } = {}) {
  const el = await fixture<SegnalaWidget>(html`<segnala-widget
    api=${API}
    municipality=${MUNICIPALITY}
    tile-url=${TILE}
    view=${attrs.view ?? 'map'}
    lang=${attrs.lang ?? ''}
    street=${attrs.street ?? ''}
  ></segnala-widget>`);
  await waitUntil(() => el.shadowRoot!.querySelector('.view > *'), 'the widget did not load its config', { timeout: 10_000 });
  return el;
}

/** The current view element inside the widget (`segnala-report-map`, `segnala-new-report`, …). */
export function currentView<T extends HTMLElement = HTMLElement & { shadowRoot: ShadowRoot }>(el: SegnalaWidget): T {
  return el.shadowRoot!.querySelector('.view > *') as T;
}

/** querySelector through shadow roots: `deep(el, 'segnala-new-report', '#f-title')`. */
export function deep<T extends Element = HTMLElement>(start: Element, ...selectors: string[]): T | null {
  let node: Element | null = start;
  for (const sel of selectors) {
    const scope: ParentNode | null | undefined = node?.shadowRoot ?? node;
    node = scope?.querySelector(sel) ?? null;
    if (!node) return null;
  }
  return node as T | null;
}

export function deepAll<T extends Element = HTMLElement>(root: Element, selector: string): T[] {
  return [...(root.shadowRoot ?? root).querySelectorAll<T>(selector)] as T[];
}

/** The element that has focus, looking inside shadow roots. */
export function activeElement(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export async function until<T>(fn: () => T | null | undefined | false, message: string, timeout = 10_000): Promise<T> {
  let value: T | null | undefined | false;
  // A check that throws is "not yet": views arrive as chunks, and while one loads a check like
  // `currentView(el).localName` meets no view at all. The last such error is told on timeout.
  let lastError: unknown;
  const attempt = () => {
    try {
      value = fn();
      lastError = undefined;
      return value;
    } catch (err) {
      lastError = err;
      return false;
    }
  };
  try {
    await waitUntil(attempt, message, { timeout, interval: 30 });
  } catch (err) {
    if (lastError) throw new Error(`${message} (last check threw: ${lastError})`);
    throw err;
  }
  return value as T;
}

export const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Opens the filing form at step 2 (privacy accepted), as a citizen gets there. */
export async function openFilingStep2() {
  history.replaceState(null, '', '#segnala/new');
  const el = await mountWidget();
  const view = currentView(el);
  deep<HTMLInputElement>(view, '#f-privacy')!.click();
  deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
  await until(() => deep(view, '#f-category'), 'step 2 not shown');
  return { el, view };
}
