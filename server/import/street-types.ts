/**
 * Street types (ANNCSU "DUG", denominazione urbanistica generica). Some sources give only the full
 * name ("VIA AURELIA"); the type is split off so that every street has the same shape whatever
 * file it came from. The list follows the DUG values found in ANNCSU; a name whose first words are
 * not a known type keeps the whole text as its name and an empty type.
 */
const STREET_TYPES = [
  'ALZAIA', 'ANDRONA', 'ANGIPORTO', 'ARCO', 'ARGINE', 'BACINO', 'BAGLIO', 'BALUARDO', 'BANCHINA',
  'BASTIONI', 'BELVEDERE', 'BIVIO', 'BORGATA', 'BORGHETTO', 'BORGO', 'CALATA', 'CALLE', 'CALLESELLA',
  'CALLETTA', 'CAMPIELLO', 'CAMPO', 'CANALE', 'CANTONE', 'CARRARA', 'CASALE', 'CASCINA', 'CASE SPARSE',
  'CAVALCAVIA', 'CIRCONVALLAZIONE', 'CIRCUMVALLAZIONE', 'CLIVO', 'COLLE', 'CONTRADA', 'CORSO', 'CORTE',
  'CORTILE', 'COSTA', 'COSTIERA', 'CROCICCHIO', 'CUPA', 'DIRAMAZIONE', 'DISCESA', 'FONDACO',
  'FONDAMENTA', 'FONDO', 'FRAZIONE', 'GALLERIA', 'GIARDINO', 'GRADINATA', 'GRADONI', 'ISOLA', 'LARGO',
  'LITORANEA', "LOCALITA'", 'LOTTIZZAZIONE', 'LUNGADIGE', 'LUNGARNO', 'LUNGOLAGO', 'LUNGOMARE',
  'LUNGOPO', 'LUNGOTEVERE', 'MASSERIA', 'MOLO', 'MURA', 'NUCLEO', 'PARCHEGGIO', 'PARCO', 'PASSAGGIO',
  'PASSAGGIO PRIVATO', 'PASSEGGIATA', 'PENDINO', 'PENDIO', 'PIAGGIA', 'PIAZZA', 'PIAZZALE',
  'PIAZZETTA', 'PODERE', 'PONTE', 'PORTICATO', 'PORTICO', 'PROLUNGAMENTO', 'QUARTIERE', 'RACCORDO',
  'RAMO', 'RAMPA', 'RECINTO', 'REGIONE', 'RESIDENZA', "RIO TERA'", 'RIONE', 'RIVA', 'RONCO',
  'ROTATORIA', 'ROTONDA', 'RUGA', 'SALITA', 'SALIZADA', 'SCALA', 'SCALINATA', 'SCALINI', 'SENTIERO',
  'SESTIERE', 'SOBBORGO', 'SOPRAELEVATA', 'SOTTOPASSAGGIO', 'SOTTOPASSO', 'SOTTOPORTICO', 'SPIAGGIA',
  'SPIANATA', 'STRADA', 'STRADA COMUNALE', 'STRADA PRIVATA', 'STRADA PROVINCIALE', 'STRADA REGIONALE',
  'STRADA STATALE', 'STRADA VICINALE', 'STRADELLA', 'STRADELLO', 'STRADONE', 'SUPPORTICO', 'SVINCOLO',
  'TRATTURO', 'TRAVERSA', 'TRAVERSA PRIVATA', 'VARCO', 'VIA', 'VIA PRIVATA', 'VIALE', 'VIALETTO',
  'VICO', 'VICO CHIUSO', 'VICOLETTO', 'VICOLO', 'VICOLO CHIUSO', 'VICOLO CIECO', 'VIELLA', 'VILLAGGIO',
  'VIOTTOLO', 'VIUZZA', 'VIUZZO', 'ZONA', 'ZONA ARTIGIANALE', 'ZONA INDUSTRIALE',
];

/** Accents and apostrophes folded, so "Località", "LOCALITA'" and "LOCALITA" are one type. */
function foldTypeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f'’`]/g, '')
    .toUpperCase();
}

/** Folded type words → the type as ANNCSU writes it; longest first so "STRADA PROVINCIALE" beats "STRADA". */
const TYPES_BY_WORDS = new Map(STREET_TYPES.map((t) => [t.split(' ').map(foldTypeWord).join(' '), t]));
const LONGEST_TYPE_WORDS = Math.max(...STREET_TYPES.map((t) => t.split(' ').length));

export interface SplitStreetName {
  /** The ANNCSU type, upper case ("VIA", "LOCALITA'"), or '' when the name starts with no known type. */
  type: string;
  /** The rest of the name, as the source wrote it. */
  baseName: string;
}

/** `VIA AURELIA` → `VIA` + `AURELIA`; `Località Ponte` → `LOCALITA'` + `Ponte`; `AURELIA` → `''` + `AURELIA`. */
export function splitStreetType(fullName: string): SplitStreetName {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  // A type needs a name after it: "Via Nazionale" is VIA + NAZIONALE, never the whole as a type.
  for (let n = Math.min(LONGEST_TYPE_WORDS, words.length - 1); n >= 1; n--) {
    const type = TYPES_BY_WORDS.get(words.slice(0, n).map(foldTypeWord).join(' '));
    if (type) return { type, baseName: words.slice(n).join(' ') };
  }
  return { type: '', baseName: words.join(' ') };
}
