/**
 * SYNTHETIC street positions for the demo. ANNCSU street records carry no coordinates, so every
 * street of the demo gets an invented anchor point: inside the locality its name hints at when
 * it does (Via Azzano in Azzano, the quarry roads on the Monte Altissimo, the traverse next to
 * their street), otherwise somewhere in the inhabited part of the comune. They are demo data
 * only (stored as street_point source 'demo', in a municipality flagged is_demo): plausible at
 * the scale of a frazione, wrong at the scale of a house. A real municipality imports its civic
 * numbers with coordinates (ANNCSU indirizzario) or its street geometry instead.
 */
import { metersPerDegreeLat, metersPerDegreeLon } from '../services/streets.ts';
import { Random } from './random.ts';

export interface Locality {
  name: string;
  lon: number;
  lat: number;
  /** Streets of the locality are placed within this many metres of its centre. */
  radiusM: number;
}

/** Approximate centres of the frazioni (from their published coordinates) and of the quarries. */
export const LOCALITIES = {
  seravezza: { name: 'Seravezza', lon: 10.2285, lat: 43.9935, radiusM: 380 },
  querceta: { name: 'Querceta', lon: 10.2, lat: 43.979, radiusM: 650 },
  pozzi: { name: 'Pozzi', lon: 10.2095, lat: 43.985, radiusM: 320 },
  ripa: { name: 'Ripa', lon: 10.215, lat: 43.984, radiusM: 300 },
  corvaia: { name: 'Corvaia', lon: 10.2215, lat: 43.988, radiusM: 200 },
  riomagno: { name: 'Riomagno', lon: 10.2295, lat: 44.001, radiusM: 220 },
  malbacco: { name: 'Malbacco', lon: 10.231, lat: 44.007, radiusM: 150 },
  giustagnana: { name: 'Giustagnana', lon: 10.2365, lat: 43.9995, radiusM: 160 },
  fabbiano: { name: 'Fabbiano', lon: 10.2355, lat: 44.008, radiusM: 160 },
  azzano: { name: 'Azzano', lon: 10.23, lat: 44.0195, radiusM: 260 },
  minazzana: { name: 'Minazzana', lon: 10.2475, lat: 44.0035, radiusM: 170 },
  basati: { name: 'Basati', lon: 10.2535, lat: 44.0096, radiusM: 180 },
  cerretaSantAntonio: { name: "Cerreta Sant'Antonio", lon: 10.245, lat: 43.9935, radiusM: 150 },
  cerretaSanNicola: { name: 'Cerreta San Nicola', lon: 10.2135, lat: 44.0065, radiusM: 200 },
  altissimo: { name: 'Cave del Monte Altissimo', lon: 10.243, lat: 44.037, radiusM: 700 },
} as const satisfies Record<string, Locality>;

export type LocalityKey = keyof typeof LOCALITIES;

/**
 * Streets whose place is known or hinted at by the name: the frazione's own road, its church's
 * saint, its hamlets ("Tre Usci", "Sceltino" in Pozzi; "Polla", "Pianello" in Azzano…).
 * Keyed by the ANNCSU name proper (DUF).
 */
const STREET_LOCALITY: Record<string, LocalityKey> = {
  // Seravezza, the capoluogo
  'CORRADO DEL GRECO': 'seravezza',
  ROMA: 'seravezza',
  "GIOSUE' CARDUCCI": 'seravezza',
  CAMPANA: 'seravezza',
  LUNGOSERRA: 'seravezza',
  CERAGIOLA: 'seravezza',
  'DELLA PASSERELLA': 'seravezza',
  'DEL PALAZZO': 'seravezza',
  'XXIV MAGGIO': 'seravezza',
  ANNUNZIATA: 'seravezza',
  "DELL'ANNUNZIATA": 'seravezza',
  'LEONETTO AMADEI': 'seravezza',
  'SAN LORENZO': 'seravezza',
  'RUGA DI MEZZO': 'seravezza',
  RUGHETTA: 'seravezza',
  'PONTE NUOVO': 'seravezza',
  'CAVE DI CERAGIOLA': 'seravezza',
  // Querceta
  AURELIA: 'querceta',
  'ALCIDE DE GASPERI': 'querceta',
  EMILIA: 'querceta',
  STRETTOIA: 'querceta',
  'GIACOMO MATTEOTTI': 'querceta',
  'SANDRO PERTINI': 'querceta',
  'FORTUNATO FEDERIGI': 'querceta',
  CIOCCHE: 'querceta',
  'DEL POPOLO': 'querceta',
  'LUIGI SALVATORI': 'querceta',
  PIAVE: 'querceta',
  'SAN GIUSEPPE': 'querceta',
  'VITTORIO VENETO': 'querceta',
  TAGLIAMENTO: 'querceta',
  // Pozzi: its borgate, its church (Santa Maria della Neve), its patron, the Alpini monument
  'TRE USCI': 'pozzi',
  SCELTINO: 'pozzi',
  TOGNOCCHI: 'pozzi',
  COLOMBAIA: 'pozzi',
  GUICCIARDI: 'pozzi',
  'BUON RIPOSO': 'pozzi',
  'BORGO TERRINCHESI': 'pozzi',
  BOTTARI: 'pozzi',
  BARSANTI: 'pozzi',
  BARAGLINO: 'pozzi',
  'DELLE CANALE': 'pozzi',
  SERRA: 'pozzi',
  SERAVEZZA: 'pozzi',
  'FRATELLI CERVI': 'pozzi',
  'SAN ROCCO': 'pozzi',
  'SANTA MARIA DELLA NEVE': 'pozzi',
  'AI CADUTI ALPINI DELLA VERSILIA': 'pozzi',
  JULIA: 'pozzi',
  CUNEENSE: 'pozzi',
  TRIDENTINA: 'pozzi',
  // Ripa: its borgate and its church (Sant'Antonio Abate)
  'DELLA CHIUSA': 'ripa',
  EMBRICIONE: 'ripa',
  FOCCOLA: 'ripa',
  MIGNANO: 'ripa',
  'MONTE DI RIPA': 'ripa',
  CAFAGGIO: 'ripa',
  "SANT'ANTONIO": 'ripa',
  // The valley of the Serra and the hills
  'MONTE ALTISSIMO': 'riomagno',
  'SAN GIOVANNI': 'riomagno',
  GIUSTAGNANA: 'giustagnana',
  'PER VIA GIUSTAGNANA': 'giustagnana',
  FABBIANO: 'fabbiano',
  AZZANO: 'azzano',
  "CITTA'": 'azzano',
  CASTELLO: 'azzano',
  STRETTA: 'azzano',
  VENEZIA: 'azzano',
  POLLA: 'azzano',
  PIANELLO: 'azzano',
  VOLTOLA: 'azzano',
  POGGI: 'azzano',
  'SAN MICHELE': 'azzano',
  'MARTIRI DEL LAVORO': 'azzano',
  CAPPELLA: 'azzano',
  'CAVE DELLA CAPPELLA': 'azzano',
  'CAVE DI TRAMBISERRA': 'azzano',
  PIANACCIO: 'minazzana',
  'CAVA DEL PIANACCIO': 'minazzana',
  'DELLE CAMPORE': 'minazzana',
  FONTANA: 'minazzana',
  'SAN GENESIO': 'minazzana',
  BASATI: 'basati',
  "SANT'ANSANO": 'basati',
  'SANTA MARIA MADDALENA': 'basati',
  'CERRETA SANT\'ANTONIO': 'cerretaSantAntonio',
  'CAVE DELLA COSTA': 'cerretaSantAntonio',
  'CERRETA SAN NICOLA': 'cerretaSanNicola',
  'TACCA BIANCA': 'altissimo',
};

/** Where a street with no hint most likely is: most people live on the plain and in the capoluogo. */
const LIKELY_LOCALITY: readonly (readonly [LocalityKey, number])[] = [
  ['querceta', 36],
  ['pozzi', 16],
  ['ripa', 13],
  ['seravezza', 17],
  ['corvaia', 4],
  ['riomagno', 3],
  ['malbacco', 2],
  ['azzano', 3],
  ['giustagnana', 1],
  ['fabbiano', 1],
  ['minazzana', 1],
  ['basati', 1],
  ['cerretaSantAntonio', 1],
  ['cerretaSanNicola', 1],
];
/** Squares, car parks and avenues: the towns of the plain and the capoluogo. */
const LIKELY_SQUARE_LOCALITY: readonly (readonly [LocalityKey, number])[] = [
  ['querceta', 45],
  ['pozzi', 18],
  ['ripa', 12],
  ['seravezza', 25],
];

export interface DemoStreetInput {
  nationalCode: string;
  /** DUG: VIA, PIAZZA, TRAVERSA… */
  type: string;
  /** DUF, the name proper, as ANNCSU writes it. */
  baseName: string;
}

export interface LonLat {
  lon: number;
  lat: number;
}

export interface StreetPlacement {
  nationalCode: string;
  locality: LocalityKey;
  anchor: LonLat;
  /** A few synthetic points along a short stretch of street, the anchor among them. */
  points: LonLat[];
}

/** "A DI VIA ALCIDE DE GASPERI" → "ALCIDE DE GASPERI" (the street a traversa branches from). */
function parentOfTraversa(baseName: string): string | undefined {
  return /^[A-Z] DI (?:VIA|PIAZZA|VIALE) (.+)$/.exec(baseName)?.[1];
}

/** A point this many metres east and north of another. */
export function offsetMeters(p: LonLat, east: number, north: number): LonLat {
  return { lon: p.lon + east / metersPerDegreeLon(p.lat), lat: p.lat + north / metersPerDegreeLat };
}

/** A point at most radiusM from the centre, evenly spread over the disc. */
export function pointNear(random: Random, centre: LonLat, radiusM: number, minM = 0): LonLat {
  const r = Math.sqrt(random.between((minM / radiusM) ** 2, 1)) * radiusM;
  const angle = random.between(0, 2 * Math.PI);
  return offsetMeters(centre, r * Math.cos(angle), r * Math.sin(angle));
}

function localityOf(street: DemoStreetInput, random: Random): LocalityKey {
  const known = STREET_LOCALITY[street.baseName];
  if (known) return known;
  if (/^CAV[AE] /.test(street.baseName)) return 'altissimo';
  const square = ['PIAZZA', 'PIAZZETTA', 'PIAZZALE', 'PARCHEGGIO', 'VIALE', 'VIALETTO'].includes(street.type);
  return random.weighted(square ? LIKELY_SQUARE_LOCALITY : LIKELY_LOCALITY);
}

/**
 * Places every street. Deterministic per street: each draws from a generator seeded with its
 * national code, so the same street lands on the same spot on every run, whatever the others.
 */
export function placeStreets(streets: readonly DemoStreetInput[]): Map<string, StreetPlacement> {
  const placed = new Map<string, StreetPlacement>();
  const byBaseName = new Map(streets.filter((s) => s.type !== 'TRAVERSA').map((s) => [s.baseName, s]));
  const place = (street: DemoStreetInput): StreetPlacement => {
    const done = placed.get(street.nationalCode);
    if (done) return done;
    const random = new Random(`segnala-demo:street:${street.nationalCode}`);
    const parentName = street.type === 'TRAVERSA' ? parentOfTraversa(street.baseName) : undefined;
    const parent = parentName ? byBaseName.get(parentName) : undefined;
    let locality: LocalityKey;
    let anchor: LonLat;
    if (parent) {
      // A traversa branches off its street: a short way from the parent's anchor.
      const parentPlace = place(parent);
      locality = parentPlace.locality;
      anchor = pointNear(random, parentPlace.anchor, 220, 120);
    } else {
      locality = localityOf(street, random);
      const l = LOCALITIES[locality];
      anchor = pointNear(random, l, l.radiusM);
    }
    // A stretch of about 160 m through the anchor, in a random direction.
    const bearing = random.between(0, Math.PI);
    const along = (m: number) => offsetMeters(anchor, m * Math.cos(bearing), m * Math.sin(bearing));
    const placement = { nationalCode: street.nationalCode, locality, anchor, points: [along(-80), anchor, along(80)] };
    placed.set(street.nationalCode, placement);
    return placement;
  };
  for (const street of streets) place(street);
  return placed;
}
