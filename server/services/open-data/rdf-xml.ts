/**
 * A small RDF/XML writer for the DCAT-AP_IT metadata (dcat.ts): flat node elements, one per
 * resource, linked by rdf:resource. Every text and attribute value is escaped here, in one place.
 */

export const RDF_NAMESPACES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcatapit: 'http://dati.gov.it/onto/dcatapit#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

type Prefix = keyof typeof RDF_NAMESPACES;
/** A qualified name with one of the known prefixes, e.g. `dct:title`. */
export type QName = `${Prefix}:${string}`;

export type RdfValue = { text: string; lang?: string; datatype?: string } | { resource: string };

export interface RdfNode {
  /** The node element's class (e.g. `dcatapit:Dataset`). */
  type: QName;
  /** Its URI. */
  about: string;
  /** Further classes, given as rdf:type. */
  also?: QName[];
  props: (readonly [QName, RdfValue])[];
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value made safe for XML; characters XML 1.0 cannot carry at all are dropped. */
export function xmlEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

const expand = (q: QName) => {
  const [prefix, local] = q.split(':') as [Prefix, string];
  return RDF_NAMESPACES[prefix] + local;
};

function property([name, value]: readonly [QName, RdfValue]): string {
  if ('resource' in value) return `    <${name} rdf:resource="${xmlEscape(value.resource)}"/>`;
  const lang = value.lang ? ` xml:lang="${xmlEscape(value.lang)}"` : '';
  const datatype = value.datatype ? ` rdf:datatype="${xmlEscape(value.datatype)}"` : '';
  return `    <${name}${lang}${datatype}>${xmlEscape(value.text)}</${name}>`;
}

/** The nodes as one RDF/XML document. Element and attribute names come from code, never from data. */
export function rdfXml(nodes: readonly RdfNode[]): string {
  const ns = Object.entries(RDF_NAMESPACES)
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${xmlEscape(uri)}"`)
    .join('');
  const body = nodes.map((n) =>
    [
      `  <${n.type} rdf:about="${xmlEscape(n.about)}">`,
      ...(n.also ?? []).map((t) => `    <rdf:type rdf:resource="${xmlEscape(expand(t))}"/>`),
      ...n.props.map(property),
      `  </${n.type}>`,
    ].join('\n'),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF${ns}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}
