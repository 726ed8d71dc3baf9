/**
 * The licences a municipality may publish its open data under (migration 0017 keeps the SPDX id):
 * CC BY 4.0 by default, as the AgID guidelines recommend; CC0 for the public domain; the Italian
 * Open Data Licence 2.0. Each with the URI the DCAT-AP_IT metadata names it by (a
 * dcatapit:LicenseDocument), its type in the ADMS licence-type vocabulary, and its names.
 */
export const OPEN_DATA_LICENCES = {
  'CC-BY-4.0': {
    url: 'https://creativecommons.org/licenses/by/4.0/',
    type: 'http://purl.org/adms/licencetype/Attribution',
    version: '4.0',
    name: { it: 'Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)', en: 'Creative Commons Attribution 4.0 International (CC BY 4.0)' },
  },
  'CC0-1.0': {
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    type: 'http://purl.org/adms/licencetype/PublicDomain',
    version: '1.0',
    name: { it: 'Creative Commons CC0 1.0 Universale (pubblico dominio)', en: 'Creative Commons CC0 1.0 Universal (public domain)' },
  },
  'IODL-2.0': {
    url: 'https://www.dati.gov.it/content/italian-open-data-license-v20',
    type: 'http://purl.org/adms/licencetype/Attribution',
    version: '2.0',
    name: { it: 'Italian Open Data License v2.0 (IODL 2.0)', en: 'Italian Open Data License v2.0 (IODL 2.0)' },
  },
} as const;

export type OpenDataLicence = keyof typeof OPEN_DATA_LICENCES;
export const OPEN_DATA_LICENCE_IDS = Object.keys(OPEN_DATA_LICENCES) as [OpenDataLicence, ...OpenDataLicence[]];
