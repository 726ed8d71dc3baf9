import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { formatW3 } from './dates.ts';

/**
 * One answer, two renderings. GeoReport v2 defines its answers as XML documents (schemaless, no
 * namespace); JSON is derived from the XML by the Spark convention: the root element is dropped,
 * a repeated element becomes an array, an empty element becomes null. Building each answer once as
 * this small tree and rendering it either way keeps the two formats from drifting apart.
 */
export type Open311Value = string | number | boolean | null | Date | ElementList | Open311Object;
export interface Open311Object {
  [element: string]: Open311Value;
}

/** Repeated child elements: `<services><service>…</service>…</services>` in XML, an array in JSON. */
export class ElementList {
  constructor(
    readonly itemName: string,
    readonly items: readonly Open311Value[],
  ) {}
}
export const elements = (itemName: string, items: readonly Open311Value[]) => new ElementList(itemName, items);

export type Format = 'xml' | 'json';

/** `services.json` → `{ name: 'services', format: 'json' }`; any other suffix, or none, → undefined. */
export function splitFormat(file: string): { name: string; format: Format } | undefined {
  const m = /^(.+)\.(xml|json)$/.exec(file);
  return m ? { name: m[1], format: m[2] as Format } : undefined;
}

/** The format an answer (or an error) is due in, from the last path segment; XML, the required one, otherwise. */
export function formatOfPath(path: string): Format {
  return /\.json$/i.test(path.replace(/\/+$/, '')) ? 'json' : 'xml';
}

// ---------------------------------------------------------------------------------------------
// JSON

function toJson(v: Open311Value): unknown {
  if (v instanceof Date) return formatW3(v);
  if (v instanceof ElementList) return v.items.map(toJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

// ---------------------------------------------------------------------------------------------
// XML

/** Characters XML 1.0 cannot carry at all (control characters other than tab and line breaks). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(s: string): string {
  return s.replace(NOT_XML, '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

function scalarText(v: string | number | boolean | Date): string {
  if (v instanceof Date) return formatW3(v);
  return escapeXml(String(v));
}

function element(name: string, v: Open311Value, indent: string): string {
  if (v === null || v === '') return `${indent}<${name}/>`;
  if (v instanceof ElementList) {
    if (!v.items.length) return `${indent}<${name}/>`;
    const inner = v.items.map((item) => element(v.itemName, item, indent + '  ')).join('\n');
    return `${indent}<${name}>\n${inner}\n${indent}</${name}>`;
  }
  if (typeof v === 'object' && !(v instanceof Date)) {
    const entries = Object.entries(v);
    if (!entries.length) return `${indent}<${name}/>`;
    const inner = entries.map(([k, x]) => element(k, x, indent + '  ')).join('\n');
    return `${indent}<${name}>\n${inner}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${scalarText(v)}</${name}>`;
}

export function toXml(root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Responses

export const CONTENT_TYPES: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** An answer in the asked format: `root` names the XML root element (JSON drops it). */
export function respond(c: Context, format: Format, root: string, value: Open311Value, status: ContentfulStatusCode = 200): Response {
  const body = format === 'json' ? JSON.stringify(toJson(value)) : toXml(root, value);
  return c.body(body, status, { 'Content-Type': CONTENT_TYPES[format] });
}

// ---------------------------------------------------------------------------------------------
// Errors

/** `[{"code":403,"description":"…"}]` or `<errors><error><code>403</code><description>…</description></error></errors>`. */
export function respondError(c: Context, format: Format, status: ContentfulStatusCode, descriptions: string[]): Response {
  const errors = elements(
    'error',
    descriptions.map((description) => ({ code: status, description })),
  );
  return respond(c, format, 'errors', errors, status);
}
