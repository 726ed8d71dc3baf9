import { OPEN_DATA_LICENCES } from './licences.ts';
import type { Edition, OpenDataFormat, Publication } from './dataset.ts';
import { rdfXml, type RdfNode } from './rdf-xml.ts';

/**
 * The DCAT-AP_IT metadata of the open dataset (README, "Open data"): the profile the national
 * catalogue dati.gov.it harvests. One dcatapit:Catalog of the municipality with one
 * dcatapit:Dataset, one dcatapit:Distribution per format, the administration as dcatapit:Agent
 * (publisher and rights holder), its contact point and the licence as dcatapit:LicenseDocument.
 */

const EU = 'http://publications.europa.eu/resource/authority';

/**
 * The properties DCAT-AP_IT 1.0 marks mandatory ("M"), per class: the profile's overview table
 * (https://docs.italia.it/italia/daf/linee-guida-cataloghi-dati-dcat-ap-it/it/stable/profilo-overview.html,
 * source https://github.com/italia/linee-guida-cataloghi-dati-dcat-ap-it, src/profilo-overview.rst;
 * ontology http://dati.gov.it/onto/dcatapit). dcat:distribution is mandatory for open data, which
 * this is. The Dataset's contact point and publisher, "R" (recommended) in the overview, are
 * given and checked too: a harvested dataset without them tells its readers neither who answers
 * for it nor where to write.
 * Every document this module writes is checked against this list before it leaves (and the test
 * checks it again on the parsed answer).
 */
export const DCATAPIT_REQUIRED = {
  'dcatapit:Catalog': ['dct:title', 'dct:description', 'dct:publisher', 'dct:modified', 'dcat:dataset'],
  'dcatapit:Dataset': [
    'dct:identifier',
    'dct:title',
    'dct:description',
    'dct:modified',
    'dcat:theme',
    'dct:rightsHolder',
    'dct:accrualPeriodicity',
    'dcat:distribution',
    'dcat:contactPoint',
    'dct:publisher',
  ],
  'dcatapit:Distribution': ['dct:format', 'dcat:accessURL', 'dct:license'],
  'dcatapit:Agent': ['dct:identifier', 'foaf:name'],
  'dcatapit:Organization': ['vcard:fn', 'vcard:hasEmail'],
  'dcatapit:LicenseDocument': ['dct:type'],
} as const satisfies Record<string, readonly string[]>;

/** The mandatory properties a node lacks, as "Class property". */
export function missingRequired(nodes: readonly RdfNode[]): string[] {
  const missing: string[] = [];
  for (const n of nodes) {
    const required: readonly string[] = (DCATAPIT_REQUIRED as Record<string, readonly string[]>)[n.type] ?? [];
    for (const prop of required) if (!n.props.some(([p]) => p === prop)) missing.push(`${n.type} ${prop}`);
  }
  return missing;
}

/** Where the dataset's files and this metadata are: the stable URLs (routes/open-data.ts). */
export interface OpenDataUrls {
  catalogue: string;
  files: Record<OpenDataFormat, string>;
}

const FORMAT = {
  csv: { fileType: `${EU}/file-type/CSV`, mediaType: 'text/csv', label: 'CSV' },
  geojson: { fileType: `${EU}/file-type/GEOJSON`, mediaType: 'application/geo+json', label: 'GeoJSON' },
} as const;

const date = (day: string) => ({ text: day, datatype: 'http://www.w3.org/2001/XMLSchema#date' });

/** The catalogue as RDF/XML. Throws if a mandatory property is missing: a bug, never a client's mistake. */
export function catalogueRdf(p: Publication, e: Edition, urls: OpenDataUrls): string {
  const at = (name: string) => `${urls.catalogue}#${name}`;
  const agentId = p.ipaCode ?? p.slug;
  const licence = OPEN_DATA_LICENCES[p.licence];
  const agent: RdfNode = {
    type: 'dcatapit:Agent',
    about: at('amministrazione'),
    also: ['foaf:Agent'],
    props: [
      ['dct:identifier', { text: agentId }],
      ['foaf:name', { text: p.name, lang: 'it' }],
    ],
  };
  const contact: RdfNode = {
    type: 'dcatapit:Organization',
    about: at('contatto'),
    also: ['vcard:Organization'],
    props: [
      ['vcard:fn', { text: p.name }],
      ...(p.contactEmail ? [['vcard:hasEmail', { resource: `mailto:${p.contactEmail}` }] as const] : []),
    ],
  };
  const licenceDoc: RdfNode = {
    type: 'dcatapit:LicenseDocument',
    about: licence.url,
    also: ['dct:LicenseDocument'],
    props: [
      ['dct:type', { resource: licence.type }],
      ['foaf:name', { text: licence.name.it, lang: 'it' }],
      ['foaf:name', { text: licence.name.en, lang: 'en' }],
      ['owl:versionInfo', { text: licence.version }],
    ],
  };
  const distributions: RdfNode[] = (['csv', 'geojson'] as const).map((f) => ({
    type: 'dcatapit:Distribution',
    about: at(`segnalazioni-${f}`),
    also: ['dcat:Distribution'],
    props: [
      ['dct:title', { text: `Segnalazioni (${FORMAT[f].label})`, lang: 'it' }],
      ['dct:description', { text: descriptionOf(f, 'it'), lang: 'it' }],
      ['dct:description', { text: descriptionOf(f, 'en'), lang: 'en' }],
      ['dct:format', { resource: FORMAT[f].fileType }],
      ['dcat:mediaType', { text: FORMAT[f].mediaType }],
      ['dcat:accessURL', { resource: urls.files[f] }],
      ['dcat:downloadURL', { resource: urls.files[f] }],
      ['dct:license', { resource: licence.url }],
      ['dct:modified', date(e.day)],
      ['dcat:byteSize', { text: String(e.byteSizes[f]), datatype: 'http://www.w3.org/2001/XMLSchema#decimal' }],
    ],
  }));
  const dataset: RdfNode = {
    type: 'dcatapit:Dataset',
    about: at('segnalazioni'),
    also: ['dcat:Dataset'],
    props: [
      ['dct:identifier', { text: `${agentId}:segnalazioni` }],
      ['dct:title', { text: `Segnalazioni dei cittadini — ${p.name}`, lang: 'it' }],
      ['dct:title', { text: `Citizens' reports — ${p.name}`, lang: 'en' }],
      [
        'dct:description',
        {
          text:
            'Le segnalazioni di guasti e disservizi fatte dai cittadini al Comune (luce pubblica, strade, rifiuti…): ' +
            'data, categoria, ufficio, stato, via e posizione arrotondata a circa 10 metri, numero di adesioni; ' +
            'titolo e descrizione solo delle segnalazioni pubblicate. Mai dati di contatto. Aggiornato ogni giorno.',
          lang: 'it',
        },
      ],
      [
        'dct:description',
        {
          text:
            "Citizens' reports of faults to the municipality (street lights, roads, waste…): date, category, office, status, " +
            'street and position rounded to about 10 metres, support count; title and description only of published ' +
            'reports. Never contact data. Updated daily.',
          lang: 'en',
        },
      ],
      ['dct:modified', date(e.day)],
      ['dcat:theme', { resource: `${EU}/data-theme/GOVE` }],
      ['dcat:theme', { resource: `${EU}/data-theme/REGI` }],
      ['dct:rightsHolder', { resource: agent.about }],
      ['dct:publisher', { resource: agent.about }],
      ['dct:accrualPeriodicity', { resource: `${EU}/frequency/DAILY` }],
      ['dcat:contactPoint', { resource: contact.about }],
      ['dct:language', { resource: `${EU}/language/ITA` }],
      ['dcat:keyword', { text: 'segnalazioni', lang: 'it' }],
      ['dcat:keyword', { text: 'manutenzione', lang: 'it' }],
      ['dcat:keyword', { text: 'territorio', lang: 'it' }],
      ...distributions.map((d) => ['dcat:distribution', { resource: d.about }] as const),
    ],
  };
  const catalogue: RdfNode = {
    type: 'dcatapit:Catalog',
    about: at('catalogo'),
    also: ['dcat:Catalog'],
    props: [
      ['dct:title', { text: `Dati aperti delle segnalazioni — ${p.name}`, lang: 'it' }],
      ['dct:description', { text: `Il catalogo dei dati aperti di Segnala per ${p.name}: le segnalazioni dei cittadini.`, lang: 'it' }],
      ['dct:publisher', { resource: agent.about }],
      ['dct:modified', date(e.day)],
      ['dct:language', { resource: `${EU}/language/ITA` }],
      ['dcat:themeTaxonomy', { resource: `${EU}/data-theme` }],
      ['dcat:dataset', { resource: dataset.about }],
    ],
  };
  const nodes = [catalogue, dataset, ...distributions, agent, contact, licenceDoc];
  const missing = missingRequired(nodes);
  if (missing.length) throw new Error(`DCAT-AP_IT metadata lacks mandatory properties: ${missing.join(', ')}`);
  return rdfXml(nodes);
}

function descriptionOf(f: OpenDataFormat, lang: 'it' | 'en'): string {
  if (f === 'csv') {
    return lang === 'it'
      ? 'CSV (UTF-8, separatore virgola), una riga per segnalazione, coordinate in gradi decimali WGS84.'
      : 'CSV (UTF-8, comma-separated), one row per report, coordinates in WGS84 decimal degrees.';
  }
  return lang === 'it'
    ? 'GeoJSON (RFC 7946), un punto per segnalazione (geometria nulla se indicata solo con la via).'
    : 'GeoJSON (RFC 7946), one point per report (null geometry when given by street only).';
}
