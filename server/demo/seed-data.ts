/**
 * The demo municipality: the Comune di Seravezza (LU), its offices and its categories of report.
 * Offices and e-mail addresses are invented (`@seravezza.example` is a reserved domain: nothing
 * is ever delivered); the street names, loaded from ./data/, are the real ones (ANNCSU).
 */

import type { Question } from '../domain/category-questions.ts';

export const DEMO_MUNICIPALITY = {
  slug: 'seravezza',
  name: 'Comune di Seravezza',
  istatCode: '046028',
  /** (lon, lat), as every point in the schema: the capoluogo, between Serra and Vezza. */
  center: { lon: 10.227, lat: 43.995 },
  zoom: 14,
  /**
   * The whole comune with a margin: from the Querceta plain at the Forte dei Marmi border (west,
   * south) to Basati and Minazzana (east) and the marble quarries of the Monte Altissimo (north).
   */
  bounds: { west: 10.17, south: 43.95, east: 10.32, north: 44.06 },
  privacyUrl: '/demo/privacy.html',
  publishOnArrival: true,
  /** A demo may be embedded anywhere (any page may try the widget); never so in production. */
  allowedOrigins: ['*'],
  contactEmail: 'urp@seravezza.example',
} as const;

export type DepartmentKey = 'works' | 'police' | 'environment' | 'social' | 'taxes' | 'urp';

export interface DemoDepartment {
  key: DepartmentKey;
  name: string;
  email: string;
  /** How the office signs its public replies. */
  signature: string;
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  {
    key: 'works',
    name: 'Ufficio Tecnico – Lavori Pubblici',
    email: 'lavoripubblici@seravezza.example',
    signature: 'Ufficio Tecnico – Lavori Pubblici',
  },
  { key: 'police', name: 'Polizia Municipale', email: 'poliziamunicipale@seravezza.example', signature: 'Polizia Municipale' },
  { key: 'environment', name: 'Ambiente e Verde', email: 'ambiente@seravezza.example', signature: 'Ufficio Ambiente e Verde' },
  { key: 'social', name: 'Servizi Sociali', email: 'servizisociali@seravezza.example', signature: 'Servizi Sociali e Scolastici' },
  { key: 'taxes', name: 'Ufficio Tributi', email: 'tributi@seravezza.example', signature: 'Ufficio Tributi' },
  {
    key: 'urp',
    name: 'URP – Ufficio Relazioni con il Pubblico',
    email: 'urp@seravezza.example',
    signature: 'Ufficio Relazioni con il Pubblico',
  },
];

export type CategoryKey =
  | 'lighting'
  | 'roads'
  | 'waste'
  | 'greenery'
  | 'water'
  | 'signs'
  | 'furniture'
  | 'animals'
  | 'barriers'
  | 'traffic'
  | 'noise'
  | 'school'
  | 'taxes'
  | 'other';

export interface DemoCategory {
  key: CategoryKey;
  name: string;
  description: string;
  department: DepartmentKey;
  /** Target days to take a report in charge, and to resolve it. */
  daysToAccept: number;
  daysToResolve: number;
  sortOrder: number;
  /** How many of the demo reports fall in this category, relatively. */
  weight: number;
  /** Asked when filing, and shown before (issue 15 §4; server/domain/category-questions.ts). */
  questions?: readonly Question[];
  notice?: string;
}

/**
 * Modelled on the "Segnalazione disservizio" service of the national model for municipal
 * websites (Designers Italia), each routed to the office that handles it.
 */
export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    key: 'lighting',
    name: 'Illuminazione pubblica',
    description: 'Lampioni spenti, accesi di giorno o danneggiati, pali pericolanti.',
    department: 'works',
    daysToAccept: 5,
    daysToResolve: 30,
    sortOrder: 10,
    weight: 14,
  },
  {
    key: 'roads',
    name: 'Strade e marciapiedi',
    description: 'Buche, dissesti del manto stradale, marciapiedi rotti, tombini sollevati.',
    department: 'works',
    daysToAccept: 3,
    daysToResolve: 45,
    sortOrder: 20,
    weight: 18,
    questions: [{ id: 'profondita', label: 'Se è una buca: quanto è profonda, in centimetri?', type: 'number', required: false }],
  },
  {
    key: 'waste',
    name: 'Rifiuti e pulizia',
    description: 'Cassonetti pieni o rotti, rifiuti abbandonati, mancata raccolta o pulizia delle strade.',
    department: 'environment',
    daysToAccept: 1,
    daysToResolve: 7,
    sortOrder: 30,
    weight: 14,
  },
  {
    key: 'greenery',
    name: 'Verde pubblico',
    description: 'Alberi pericolanti, rami sulla strada, erba alta, aiuole e parchi da curare.',
    department: 'environment',
    daysToAccept: 3,
    daysToResolve: 45,
    sortOrder: 40,
    weight: 10,
  },
  {
    key: 'water',
    name: 'Acqua e fognature',
    description: 'Perdite d’acqua, tombini e caditoie intasati, allagamenti, cattivi odori dalla fognatura.',
    department: 'works',
    daysToAccept: 2,
    daysToResolve: 30,
    sortOrder: 50,
    weight: 8,
    notice: 'Per una perdita grave dalla rete dell’acqua chiama subito il pronto intervento del gestore del servizio idrico, attivo giorno e notte.',
    questions: [
      { id: 'provenienza', label: 'Da dove esce l’acqua?', type: 'choice', required: true, choices: ['Dalla strada o dal marciapiede', 'Da un tombino o una caditoia', 'Da un edificio pubblico', 'Non so'] },
      { id: 'strada', label: 'L’acqua invade la strada?', type: 'yes_no', required: false },
    ],
  },
  {
    key: 'signs',
    name: 'Segnaletica stradale',
    description: 'Cartelli abbattuti o illeggibili, strisce pedonali sbiadite, semafori guasti.',
    department: 'police',
    daysToAccept: 3,
    daysToResolve: 45,
    sortOrder: 60,
    weight: 7,
  },
  {
    key: 'furniture',
    name: 'Arredo urbano',
    description: 'Panchine, giochi per bambini, fontanelle, fioriere, pensiline e cestini danneggiati.',
    department: 'works',
    daysToAccept: 5,
    daysToResolve: 60,
    sortOrder: 70,
    weight: 6,
  },
  {
    key: 'animals',
    name: 'Animali',
    description: 'Animali vaganti, feriti o morti sulla strada, colonie feline, infestazioni.',
    department: 'environment',
    daysToAccept: 2,
    daysToResolve: 15,
    sortOrder: 80,
    weight: 5,
  },
  {
    key: 'barriers',
    name: 'Barriere architettoniche',
    description: 'Ostacoli per chi si muove in carrozzina, con il passeggino o ha difficoltà visive.',
    department: 'works',
    daysToAccept: 5,
    daysToResolve: 90,
    sortOrder: 90,
    weight: 4,
  },
  {
    key: 'traffic',
    name: 'Sosta e viabilità',
    description: 'Sosta irregolare, passi carrabili ostruiti, veicoli abbandonati, velocità pericolosa.',
    department: 'police',
    daysToAccept: 1,
    daysToResolve: 15,
    sortOrder: 100,
    weight: 7,
  },
  {
    key: 'noise',
    name: 'Inquinamento acustico',
    description: 'Rumori molesti di locali, cantieri o impianti, soprattutto nelle ore di riposo.',
    department: 'police',
    daysToAccept: 2,
    daysToResolve: 30,
    sortOrder: 110,
    weight: 3,
  },
  {
    key: 'school',
    name: 'Scuolabus e servizi scolastici',
    description: 'Ritardi dello scuolabus, fermate non sicure, problemi della mensa scolastica.',
    department: 'social',
    daysToAccept: 2,
    daysToResolve: 20,
    sortOrder: 120,
    weight: 2,
  },
  {
    key: 'taxes',
    name: 'Tributi e pagamenti',
    description: 'Disservizi negli avvisi di pagamento TARI e IMU e nei pagamenti pagoPA.',
    department: 'taxes',
    daysToAccept: 5,
    daysToResolve: 30,
    sortOrder: 130,
    weight: 1,
  },
  {
    key: 'other',
    name: 'Altro',
    description: 'Un disservizio che non rientra nelle altre categorie: lo inoltriamo noi all’ufficio giusto.',
    department: 'urp',
    daysToAccept: 3,
    daysToResolve: 30,
    sortOrder: 200,
    weight: 2,
  },
];

/** Obviously invented reporters: a few reports carry one, as staff would see them. */
export const DEMO_REPORTERS: readonly { name: string; email: string; phone?: string }[] = [
  { name: 'Mario Rossi', email: 'mario.rossi@example.org', phone: '+39 333 000 0001' },
  { name: 'Giulia Bianchi', email: 'giulia.bianchi@example.org' },
  { name: 'Luca Verdi', email: 'luca.verdi@example.org', phone: '+39 333 000 0002' },
  { name: 'Anna Neri', email: 'anna.neri@example.org' },
  { name: 'Paolo Esposito', email: 'paolo.esposito@example.org' },
  { name: 'Francesca Romano', email: 'francesca.romano@example.org', phone: '+39 333 000 0003' },
];

/**
 * Demo staff accounts, created only with the demo (never on a real deployment): an administrator
 * and two clerks of the Ufficio Tecnico, so that reports can be given from one to the other. The
 * password is public, in the README.
 */
export const DEMO_PASSWORD = 'segnala-demo';
export const DEMO_STAFF = [
  { email: 'admin@seravezza.example', name: 'Giulia Bertolucci', role: 'admin', departments: [] },
  { email: 'tecnico@seravezza.example', name: 'Marco Pellegrini', role: 'staff', departments: ['works'] },
  { email: 'squadra@seravezza.example', name: 'Sara Lenzi', role: 'staff', departments: ['works'] },
] as const satisfies readonly { email: string; name: string; role: 'admin' | 'staff'; departments: readonly DepartmentKey[] }[];

/** The demo's Open311 API key: public, for trying partner software against the demo only. */
export const DEMO_OPEN311_KEY = 'demo-open311-key';
