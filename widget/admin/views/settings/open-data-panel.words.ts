import { pieceWords } from '../planning/words.ts';

/** The open data panel's words (README, "Open data"), Italian first; the English typed by the Italian keys. */
export const openDataWords = pieceWords({
  it: {
    heading: 'Dati aperti',
    intro:
      'Pubblica ogni giorno le segnalazioni come dati aperti (CSV e GeoJSON) con i metadati DCAT-AP_IT che il catalogo nazionale dati.gov.it raccoglie. ' +
      'Solo dati pubblici: mai nomi, e-mail o telefoni di chi segnala; titoli e descrizioni solo delle segnalazioni pubblicate; posizioni arrotondate a circa 10 metri.',
    publish: 'Pubblica le segnalazioni come dati aperti',
    licence: 'Licenza',
    licenceHint: 'Consigliata CC BY 4.0: chiede solo di citare il Comune come fonte.',
    'licence.CC-BY-4.0': 'CC BY 4.0 — Attribuzione',
    'licence.CC0-1.0': 'CC0 1.0 — Pubblico dominio',
    'licence.IODL-2.0': 'IODL 2.0 — Italian Open Data License',
    ipaCode: 'Codice iPA dell’ente',
    ipaCodeHint: 'Il codice dell’Indice dei domicili digitali della PA (es. c_i662): identifica il Comune nei metadati.',
    ipaCodeError: 'Scrivi il codice iPA con lettere minuscole, cifre e trattino basso (es. c_i662), oppure lascia vuoto.',
    contactNeeded: 'Per pubblicare serve l’e-mail di contatto del Comune (sopra, nelle impostazioni del Comune): i metadati la indicano come punto di contatto.',
    published: 'Pubblicati. Indirizzi stabili da copiare (si aggiornano ogni giorno):',
    notPublished: 'Non pubblicati.',
    csv: 'Segnalazioni in CSV',
    geojson: 'Segnalazioni in GeoJSON',
    catalogue: 'Metadati DCAT-AP_IT (per dati.gov.it)',
    copy: 'Copia',
    copyLabel: 'Copia l’indirizzo: {what}',
    copied: 'Indirizzo copiato.',
    copyFailed: 'Copia non riuscita: l’indirizzo è selezionato, premi Ctrl+C.',
    save: 'Salva dati aperti',
  },
  en: {
    heading: 'Open data',
    intro:
      'Publish the reports every day as open data (CSV and GeoJSON) with the DCAT-AP_IT metadata the national catalogue dati.gov.it harvests. ' +
      'Public data only: never the names, e-mails or phones of reporters; titles and descriptions only of published reports; positions rounded to about 10 metres.',
    publish: 'Publish the reports as open data',
    licence: 'Licence',
    licenceHint: 'CC BY 4.0 recommended: it only asks to credit the municipality as the source.',
    'licence.CC-BY-4.0': 'CC BY 4.0 — Attribution',
    'licence.CC0-1.0': 'CC0 1.0 — Public domain',
    'licence.IODL-2.0': 'IODL 2.0 — Italian Open Data License',
    ipaCode: 'iPA code of the administration',
    ipaCodeHint: 'Its code in the Italian public administrations index (e.g. c_i662): it names the municipality in the metadata.',
    ipaCodeError: 'Write the iPA code in lower-case letters, digits and underscores (e.g. c_i662), or leave it empty.',
    contactNeeded: 'Publishing needs the municipality’s contact e-mail (above, in the municipality’s settings): the metadata names it as the contact point.',
    published: 'Published. Stable addresses to copy (updated every day):',
    notPublished: 'Not published.',
    csv: 'Reports as CSV',
    geojson: 'Reports as GeoJSON',
    catalogue: 'DCAT-AP_IT metadata (for dati.gov.it)',
    copy: 'Copy',
    copyLabel: 'Copy the address: {what}',
    copied: 'Address copied.',
    copyFailed: 'Copy failed: the address is selected, press Ctrl+C.',
    save: 'Save open data',
  },
});
