/**
 * Street names as people write them. ANNCSU keeps every name in upper case ("VIA DELL'ORTO",
 * "CITTA'"), which reads as shouting in a list and is hard to scan with a screen reader; Italian
 * usage capitalises the words of a name but keeps its prepositions and conjunctions lower case.
 */

/** Prepositions (simple and articulated) and conjunctions: lower case inside a name. */
const LOWER_CASE_WORDS = new Set([
  'di', 'del', 'dello', 'della', 'dei', 'degli', 'delle',
  'da', 'dal', 'dallo', 'dalla', 'dai', 'dagli', 'dalle',
  'a', 'ad', 'al', 'allo', 'alla', 'ai', 'agli', 'alle',
  // Not "nello": it is mostly a first name in street names ("Carlo e Nello Rosselli").
  'in', 'nel', 'nella', 'nei', 'negli', 'nelle',
  'su', 'sul', 'sullo', 'sulla', 'sui', 'sugli', 'sulle',
  'con', 'col', 'coi', 'per', 'tra', 'e', 'ed',
  // Articles are left out on purpose: they start proper names ("La Spezia", "Lo Sport").
  // "De" too ("De Gasperi"), and "fra", which is also a friar's title ("Fra Angelico").
]);

/**
 * Surnames that begin with a preposition and keep it capitalised, frequent enough in street names
 * to be worth knowing ("Via Giuseppe Di Vittorio" is in nearly every municipality).
 */
const SURNAMES_WITH_PARTICLE = new Set(['DI VITTORIO', 'DI GIACOMO', 'DEL PRETE', 'DEL GRECO']);

/** Elided prepositions written before an apostrophe: "dell'Orto", "d'Azeglio". */
const LOWER_CASE_ELISIONS = new Set(['d', 'dell', 'dall', 'all', 'nell', 'sull', 'coll', 'un']);

/** Elisions that some files write with a space after the apostrophe ("SANT' ANNA"). */
const ELISION_WITH_SPACE = /\b(D|L|DELL|DALL|ALL|NELL|SULL|COLL|SANT|UN|QUEST|QUELL)['’]\s+(?=\p{L})/giu;

/** Short truncations that keep their apostrophe rather than turning into an accent ("de' Medici", "Ca' Rossa"). */
const TRUNCATIONS = new Set(['de', 'ca', 'po', 'mo', 'a', 'e', 'co']);

const ROMAN_NUMERAL = /^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
/** Italian words that happen to be valid Roman numerals. */
const NOT_ROMAN = new Set(['MI', 'LI', 'CI', 'DI']);

/** Road-class abbreviations ("S.S. 1", "SP 10") and "SS." (Santissimo, Santi) stay upper case. */
const UPPER_CASE_ABBREVIATIONS = new Set(['SS', 'SP', 'SR', 'SC', 'SNC']);

const ACCENTED: Record<string, string> = { A: 'à', E: 'è', I: 'ì', O: 'ò', U: 'ù' };

interface WordPlace {
  /** The first word of the whole name is always capitalised, preposition or not. */
  first: boolean;
  /**
   * Whether the word may be a preposition: not when nothing follows it ("Via Lucio Dalla") or when
   * it starts a known surname.
   */
  particle?: boolean;
  /** The first word of the name proper, after the type: "A" there is a designator ("Traversa A"). */
  baseStart: boolean;
}

/**
 * `VIA`, `ALCIDE DE GASPERI` → `Via Alcide De Gasperi`; `VIA`, `DELL'ORTO` → `Via dell'Orto`;
 * `TRAVERSA`, `A DI VIA AURELIA` → `Traversa A di Via Aurelia`; `VIA`, `XX SETTEMBRE` → `Via XX Settembre`;
 * `PIAZZA`, `CITTA'` → `Piazza Città`. The type may be empty when a source gives only the full name.
 * A part already written in mixed case was written by a person and is kept as it is.
 */
export function streetDisplayName(type: string, baseName: string): string {
  const typeWords = splitWords(type);
  const baseWords = splitWords(baseName);
  const typeText = isUpperCase(type)
    ? typeWords.map((w, i) => caseWord(w, { first: i === 0, baseStart: false })).join(' ')
    : typeWords.join(' ');
  const baseText = isUpperCase(baseName)
    ? baseWords
        .map((w, i) =>
          caseWord(w, {
            first: i === 0 && typeWords.length === 0,
            baseStart: i === 0,
            particle: i < baseWords.length - 1 && !SURNAMES_WITH_PARTICLE.has(`${w} ${baseWords[i + 1]}`),
          }),
        )
        .join(' ')
    : baseWords.join(' ');
  return [typeText, baseText].filter(Boolean).join(' ');
}

function splitWords(text: string): string[] {
  return text.replace(ELISION_WITH_SPACE, "$1'").trim().split(/\s+/).filter(Boolean);
}

/** True when the text has letters and none of them is lower case: the shape of ANNCSU data. */
function isUpperCase(text: string): boolean {
  return /\p{L}/u.test(text) && !/\p{Ll}/u.test(text);
}

function caseWord(word: string, place: WordPlace): string {
  // Quotes, brackets and commas around a word ("A. CAPONNETTO, G. FALCONE") are kept as they are.
  const [, lead, core, tail] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}.'’]*)$/u.exec(word)!;
  return lead + caseCore(core, place) + tail;
}

function caseCore(core: string, place: WordPlace): string {
  if (!core) return core;
  // House-number-like parts ("99", "2A", "1°") are codes, not words.
  if (/\p{N}/u.test(core)) return core;
  if (core.includes('-')) {
    return core
      .split('-')
      .map((part, i) =>
        caseCore(part, { first: place.first && i === 0, baseStart: place.baseStart && i === 0, particle: place.particle }),
      )
      .join('-');
  }
  const apostrophe = /['’]/.exec(core);
  if (apostrophe && apostrophe.index < core.length - 1) {
    const prefix = core.slice(0, apostrophe.index);
    const rest = core.slice(apostrophe.index + 1);
    const casedPrefix =
      LOWER_CASE_ELISIONS.has(prefix.toLowerCase()) && !place.first ? prefix.toLowerCase() : capitalise(prefix);
    return `${casedPrefix}'${caseCore(rest, { first: false, baseStart: false })}`;
  }
  if (apostrophe) return caseTrailingApostrophe(core.slice(0, -1), place);
  if (core.includes('.')) return caseAbbreviation(core);

  const upper = core.toUpperCase();
  // A single letter first in the name proper designates a branch: "Traversa A di Via Aurelia".
  if (upper.length === 1 && place.baseStart) return upper;
  if (!place.first && place.particle !== false && LOWER_CASE_WORDS.has(core.toLowerCase())) return core.toLowerCase();
  if (upper.length === 1) return upper;
  if (UPPER_CASE_ABBREVIATIONS.has(upper)) return upper;
  if (ROMAN_NUMERAL.test(upper) && !NOT_ROMAN.has(upper)) return upper;
  return capitalise(core);
}

/**
 * ANNCSU writes accents as an apostrophe ("CITTA'", "GIOSUE'"): turn them back into the accented
 * vowel. Short truncations keep the apostrophe ("de' Medici", "Ca' Rossa").
 */
function caseTrailingApostrophe(stem: string, place: WordPlace): string {
  const lower = stem.toLowerCase();
  if (TRUNCATIONS.has(lower) || stem.length < 3 || !ACCENTED[stem.at(-1)!.toUpperCase()]) {
    const cased = lower === 'de' && !place.first ? lower : capitalise(stem);
    return `${cased}'`;
  }
  const last = stem.at(-1)!.toUpperCase();
  // perché, poiché, affinché take the acute accent; the vowels of street names otherwise the grave one.
  const accent = lower.endsWith('che') ? 'é' : ACCENTED[last];
  const withAccent = stem.slice(0, -1) + accent;
  return capitalise(withAccent);
}

/** Initials and abbreviations: "C.A." stays, "SS." stays, "DOTT." → "Dott.", "F.LLI" → "F.lli". */
function caseAbbreviation(core: string): string {
  return core
    .split('.')
    .map((segment, i) => {
      const upper = segment.toUpperCase();
      if (segment.length <= 1 || UPPER_CASE_ABBREVIATIONS.has(upper)) return upper;
      // F.LLI is "Fratelli" cut short: the tail stays lower case.
      if (i > 0 && upper === 'LLI') return 'lli';
      return capitalise(segment);
    })
    .join('.');
}

function capitalise(word: string): string {
  const lower = word.toLocaleLowerCase('it');
  return lower.charAt(0).toLocaleUpperCase('it') + lower.slice(1);
}
