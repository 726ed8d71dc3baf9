/**
 * Plans the demo reports of Seravezza: which street, category, words, status, dates, history
 * and supporters each one has. Pure (no database): the same streets, the same clock and the
 * same seed always give the same plan, so the demo looks the same on every machine.
 *
 * Over 400 lines as one module: it is one computation (planDemoReports picks what each report is,
 * buildReport gives it a history), and the seeded random streams and office-hours helpers that
 * make it reproducible run through both.
 */
import type { ReportEventType } from '../domain/report-events.ts';
import type { ReportStatus } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';
import { type LonLat, pointNear, type StreetPlacement } from './places.ts';
import { Random } from './random.ts';
import {
  ACCEPT_REPLIES,
  CATEGORY_TEXTS,
  FOLLOW_UP_REPLIES,
  HIDDEN_REPORTS,
  INTERNAL_NOTES,
  LANDMARKS,
  PROGRESS_MESSAGES,
  SCHEDULED_MESSAGES,
  SINCE,
} from './report-templates.ts';
import {
  type CategoryKey,
  DEMO_CATEGORIES,
  DEMO_DEPARTMENTS,
  DEMO_REPORTERS,
  type DemoCategory,
  type DepartmentKey,
} from './seed-data.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** How many reports of each status the demo has (and of these, how many are late). */
const STATUS_PLAN: readonly { status: Exclude<ReportStatus, 'duplicate' | 'waiting_for_citizen'>; count: number; overdue: number }[] = [
  { status: 'submitted', count: 16, overdue: 2 },
  { status: 'accepted', count: 27, overdue: 1 },
  { status: 'in_progress', count: 20, overdue: 2 },
  { status: 'scheduled', count: 18, overdue: 1 },
  { status: 'resolved', count: 48, overdue: 0 },
  { status: 'rejected', count: 9, overdue: 0 },
  { status: 'hidden', count: HIDDEN_REPORTS.length, overdue: 0 },
];
const DUPLICATES = 9;
/** Open reports many people joined. */
const POPULAR = 3;
/** Supporter tokens are drawn from this many invented people, so one person joins several reports. */
const SUPPORTER_POOL = 600;

/** Main roads draw more reports than a lane in the hills. */
const BUSY_STREETS = new Set([
  'AURELIA',
  'ALCIDE DE GASPERI',
  'FORTUNATO FEDERIGI',
  'ROMA',
  'MONTE ALTISSIMO',
  'CIOCCHE',
  'DEL POPOLO',
  'LUIGI SALVATORI',
  'GIACOMO MATTEOTTI',
  'XXIV MAGGIO',
  'EMILIA',
  'VITTORIO VENETO',
  'CORRADO DEL GRECO',
  'TRE USCI',
]);

export interface PlanStreet {
  nationalCode: string;
  type: string;
  baseName: string;
}

export interface PlannedEvent {
  type: Exclude<ReportEventType, 'publish'>;
  status?: ReportStatus;
  message?: string;
  public: boolean;
  at: Date;
  /** The particulars the staff console shows, as the server records them for the same action. */
  data?: Record<string, unknown>;
  /** For a reassignment: the office it came from (the seed turns keys into ids). */
  reassignedFrom?: DepartmentKey;
}

export interface PlannedSupport {
  token: string;
  email: string | null;
  at: Date;
}

export interface PlannedReport {
  reference: string;
  category: DemoCategory;
  streetCode: string;
  civic: string;
  /** Where, as the reporter wrote it in the details: "all’altezza del civico 12", "davanti alla scuola". */
  presso: string;
  location: LonLat;
  title: string;
  details: string;
  status: ReportStatus;
  published: boolean;
  contact: { name: string; email: string; phone: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
  acceptedAt: Date | null;
  expectedAt: Date | null;
  closedAt: Date | null;
  version: number;
  duplicateOf: PlannedReport | null;
  /** For a hidden report: the status it goes back to if moderation un-hides it. */
  statusBeforeHidden: ReportStatus | null;
  events: PlannedEvent[];
  supports: PlannedSupport[];
  /** Which of the category's cases it describes: a duplicate describes the same one. */
  caseIndex: number;
}

export interface DemoPlan {
  /** Oldest first; references follow this order. */
  reports: PlannedReport[];
  /** The last reference number used in each year, for reference_counter. */
  counters: { year: number; lastNumber: number }[];
}

const dateFormat = new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', timeZone: TIME_ZONE });
const yearFormat = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: TIME_ZONE });

function fill(template: string, values: Record<string, string>): string {
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The next working moment for an office: weekdays, roughly 8 to 17 in Italy. */
function workTime(t: number, random: Random): number {
  const d = new Date(t);
  const hour = d.getUTCHours();
  if (hour >= 7 && hour < 16 && d.getUTCDay() !== 0 && d.getUTCDay() !== 6) return t;
  if (hour >= 16) d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(7, random.int(0, 180), random.int(0, 59), 0);
  return d.getTime();
}

/** 8 o'clock (Italian winter time) of that day, moved to a weekday in the given direction. */
function workDay(t: number, direction: 1 | -1): number {
  const d = new Date(t);
  d.setUTCHours(7, 0, 0, 0);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + direction);
  return d.getTime();
}

interface Timeline {
  created: number;
  /** Staff steps in order; each may be moved to office hours. */
  steps: { key: string; at: number }[];
}

/**
 * Moves steps to office hours, keeps them in order, and squeezes them back into the past when
 * office hours pushed them beyond `now` (a step can never be in the future).
 */
function settle(t: Timeline, now: number, random: Random): Map<string, number> {
  let previous = t.created;
  const times: number[] = [];
  for (const step of t.steps) {
    const at = Math.max(workTime(step.at, random), previous + random.int(5, 40) * MINUTE);
    times.push(at);
    previous = at;
  }
  const latest = now - 10 * MINUTE;
  if (times.length && times[times.length - 1] > latest) {
    const scale = (latest - t.created) / (times[times.length - 1] - t.created);
    for (let i = 0; i < times.length; i++) times[i] = t.created + (times[i] - t.created) * scale;
  }
  return new Map(t.steps.map((s, i) => [s.key, Math.round(times[i])]));
}

/** An age in days for a closed report: anywhere in the year, a little more often recent. */
const closedAge = (random: Random, lastStep: number) => lastStep + 0.3 + (360 - lastStep - 0.3) * random.float() ** 1.4;

export function planDemoReports(
  streets: readonly PlanStreet[],
  placements: Map<string, StreetPlacement>,
  nowDate: Date,
): DemoPlan {
  const now = nowDate.getTime();
  const random = new Random('segnala-demo:reports');
  const streetWeights = streets.map((s) => {
    const place = placements.get(s.nationalCode)!;
    const weight = BUSY_STREETS.has(s.baseName)
      ? 5
      : place.locality === 'altissimo'
        ? 0.15
        : s.type === 'TRAVERSA'
          ? 0.6
          : 1;
    return [s, weight] as const;
  });
  const categoryByKey = new Map(DEMO_CATEGORIES.map((c) => [c.key, c]));

  // Statuses and categories in random order, paired: each category as often as its weight says.
  const slots = random.shuffle(
    STATUS_PLAN.filter((p) => p.status !== 'hidden').flatMap((p) =>
      Array.from({ length: p.count }, (_, i) => ({ status: p.status, overdue: i < p.overdue })),
    ),
  );
  const slotCategories = random.shuffle(apportion(DEMO_CATEGORIES, slots.length));
  const reports: PlannedReport[] = [];

  // Each report draws from its own generators: its words and places from one, the minutes that
  // office hours add from another, so that only those follow the clock.
  const place = (random: Random, category: DemoCategory) => {
    const street = random.weighted(streetWeights);
    const anchor = placements.get(street.nationalCode)!.anchor;
    let civic: string;
    let presso: string;
    if (category.key === 'taxes' || random.chance(0.6)) {
      const n = Math.ceil(random.float() ** 1.8 * 140);
      civic = random.chance(0.1) ? `${n}/${random.pick(['A', 'B', 'C'])}` : String(n);
      presso = category.key === 'taxes' ? `al civico ${civic}` : `all’altezza del civico ${civic}`;
    } else {
      civic = random.pick(LANDMARKS);
      presso = civic;
    }
    return { streetCode: street.nationalCode, civic, presso, location: pointNear(random, anchor, 60) };
  };

  const contact = (random: Random) => {
    if (!random.chance(0.35)) return null;
    const r = random.pick(DEMO_REPORTERS);
    return { name: r.name, email: r.email, phone: r.phone ?? null };
  };

  slots.forEach((slot, i) => {
    const random = new Random(`segnala-demo:report:${i}`);
    const category = slotCategories[i];
    const texts = CATEGORY_TEXTS[category.key];
    const caseIndex = random.int(0, texts.cases.length - 1);
    const reportCase = texts.cases[caseIndex];
    const where = place(random, category);
    const values = { presso: where.presso, since: random.pick(SINCE) };
    const who = contact(random);
    reports.push(
      buildReport({
        random,
        clock: new Random(`segnala-demo:report-clock:${i}`),
        now,
        category,
        status: slot.status,
        overdue: slot.overdue,
        title: reportCase.title,
        details: fill(random.pick(reportCase.details), values),
        caseIndex,
        ...where,
        contact: who,
      }),
    );
  });

  // Moderated ones: hidden, unpublished, each with its reason.
  const hiddenCategories: CategoryKey[] = ['other', 'traffic', 'roads'];
  HIDDEN_REPORTS.forEach((h, i) => {
    const random = new Random(`segnala-demo:hidden:${i}`);
    const category = categoryByKey.get(hiddenCategories[i % hiddenCategories.length])!;
    const where = place(random, category);
    const since = random.pick(SINCE);
    const who = contact(random);
    const report = buildReport({
      random,
      clock: new Random(`segnala-demo:hidden-clock:${i}`),
      now,
      category,
      status: 'hidden',
      overdue: false,
      title: h.title,
      details: fill(h.details, { presso: where.presso, since }),
      caseIndex: -1,
      ...where,
      contact: who,
    });
    report.events.find((e) => e.status === 'hidden')!.message = h.reason;
    reports.push(report);
  });

  // Duplicates: the same problem filed again while the first report was still open.
  const candidates = new Random('segnala-demo:duplicates').shuffle(
    reports.filter((r) => r.status !== 'hidden' && r.status !== 'rejected' && r.caseIndex >= 0),
  );
  const duplicates: PlannedReport[] = [];
  for (const original of candidates) {
    if (duplicates.length === DUPLICATES) break;
    const random = new Random(`segnala-demo:duplicate-of:${reports.indexOf(original)}`);
    const start = original.createdAt.getTime() + 0.3 * DAY;
    const end = (original.closedAt?.getTime() ?? now) - 0.3 * DAY;
    if (end - start < DAY) continue;
    const created = random.between(start, end - 0.5 * DAY);
    const merged = Math.min(workTime(created + random.between(0.05, 2) * DAY, new Random(created)), end);
    const reportCase = CATEGORY_TEXTS[original.category.key].cases[original.caseIndex];
    // Another person, other words: the case's second description when it has one.
    const detail = reportCase.details[reportCase.details.length > 1 ? 1 : 0];
    const dup: PlannedReport = {
      ...original,
      title: reportCase.title,
      details: fill(detail, { presso: original.presso, since: random.pick(SINCE) }),
      location: pointNear(random, original.location, 30),
      status: 'duplicate',
      published: true,
      contact: contact(random),
      createdAt: new Date(created),
      updatedAt: new Date(merged),
      acceptedAt: null,
      expectedAt: null,
      closedAt: new Date(merged),
      version: 2,
      duplicateOf: original,
      events: [{ type: 'created', status: 'submitted', public: true, at: new Date(created) }],
      supports: [],
    };
    duplicates.push(dup);
  }
  reports.push(...duplicates);
  const takenInCharge = reports.filter((r) => ['accepted', 'in_progress', 'scheduled'].includes(r.status));
  const popular = new Set(new Random('segnala-demo:popular').shuffle(takenInCharge).slice(0, POPULAR));
  reports.forEach((r, i) => addSupports(new Random(`segnala-demo:supports:${i}`), r, popular.has(r), now));
  // A merge moves the duplicate's supporters to the report it joins, each counted once.
  for (const dup of duplicates) {
    const original = dup.duplicateOf!;
    const joined = new Set(original.supports.map((x) => x.token));
    original.supports.push(...dup.supports.filter((x) => !joined.has(x.token)));
    original.supports.sort((a, b) => a.at.getTime() - b.at.getTime());
    dup.supports = [];
  }

  // References in filing order, numbered per year (Italian time), as the server numbers them.
  reports.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const lastNumber = new Map<number, number>();
  for (const r of reports) {
    const year = Number(yearFormat.format(r.createdAt));
    const n = (lastNumber.get(year) ?? 0) + 1;
    lastNumber.set(year, n);
    r.reference = `${year}-${String(n).padStart(6, '0')}`;
  }
  for (const dup of duplicates) {
    const original = dup.duplicateOf!;
    // As the console's merge writes them: on the duplicate (public), and on the report it joins.
    dup.events.push({
      type: 'merge',
      status: 'duplicate',
      data: { into: original.reference },
      message:
        `Lo stesso problema è già stato segnalato con la ${original.reference}: abbiamo unito le due segnalazioni. ` +
        'Potete seguire l’avanzamento su quella, e associarvi.',
      public: true,
      at: dup.closedAt!,
    });
    original.events.push({
      type: 'merge',
      data: { from: dup.reference },
      message: `Unita a questa la segnalazione ${dup.reference}, che descriveva lo stesso problema.`,
      public: false,
      at: dup.closedAt!,
    });
    original.version += 1;
    if (dup.closedAt! > original.updatedAt) original.updatedAt = dup.closedAt!;
  }

  for (const r of reports) {
    r.events.sort((a, b) => a.at.getTime() - b.at.getTime());
    recordStatusChanges(r);
  }

  return {
    reports,
    counters: [...lastNumber].map(([year, n]) => ({ year, lastNumber: n })).sort((a, b) => a.year - b.year),
  };
}

interface ReportInput {
  random: Random;
  /** Only for the minutes office hours add: these depend on the day of the week `now` falls on. */
  clock: Random;
  now: number;
  category: DemoCategory;
  status: Exclude<ReportStatus, 'duplicate' | 'waiting_for_citizen'>;
  overdue: boolean;
  title: string;
  details: string;
  caseIndex: number;
  streetCode: string;
  civic: string;
  presso: string;
  location: LonLat;
  contact: PlannedReport['contact'];
}

/** One report with a history consistent with its status and its category's target days. */
function buildReport(input: ReportInput): PlannedReport {
  const { random, clock, now, category: c, status, overdue } = input;
  const texts = CATEGORY_TEXTS[c.key];
  const reportCase = input.caseIndex >= 0 ? texts.cases[input.caseIndex] : undefined;
  const work = reportCase?.work ?? texts.work;
  const dA = c.daysToAccept;
  const dR = c.daysToResolve;
  const acceptDelay = random.chance(0.12) ? random.between(1.1, 2.5) * dA : random.between(0.05, 0.9) * dA;

  // Delays in days from filing for each step, then the report's age so that they all fit.
  const steps: { key: string; at: number }[] = [];
  let age: number;
  let scheduledFor: number | undefined;
  switch (status) {
    case 'submitted':
      age = overdue ? random.between(dA + 0.5, dA + 6) : random.between(0.02, dA * 0.95);
      break;
    case 'accepted':
      steps.push({ key: 'accepted', at: acceptDelay });
      age = overdue
        ? random.between(dR * 1.1, dR * 1.8)
        : random.between(acceptDelay + 0.1, Math.max(acceptDelay + 0.6, dR * 0.6));
      break;
    case 'in_progress': {
      const progress = acceptDelay + random.between(0.5, Math.max(1, dR * 0.4));
      steps.push({ key: 'accepted', at: acceptDelay }, { key: 'in_progress', at: progress });
      age = overdue
        ? random.between(Math.max(progress + 0.5, dR * 1.1), Math.max(progress + 1, dR * 2))
        : random.between(progress + 0.1, Math.max(progress + 0.6, dR * 0.9));
      break;
    }
    case 'scheduled': {
      steps.push({ key: 'accepted', at: acceptDelay });
      let last = acceptDelay;
      if (random.chance(0.5)) steps.push({ key: 'in_progress', at: (last += random.between(0.3, Math.max(0.6, dR * 0.2))) });
      steps.push({ key: 'scheduled', at: (last += random.between(0.3, Math.max(0.6, dR * 0.3))) });
      // The planned date: ahead, or already passed (and a week after it was planned) for the late one.
      age = overdue ? last + random.between(8, 14) : random.between(last + 0.1, Math.max(last + 0.6, dR * 0.8));
      scheduledFor = workDay(overdue ? now - random.between(1, 4) * DAY : now + random.between(2, 25) * DAY, overdue ? -1 : 1);
      break;
    }
    case 'resolved': {
      const close = acceptDelay + random.between(0.2, 1) * dR * (random.chance(0.15) ? random.between(1.2, 2) : 1);
      steps.push({ key: 'accepted', at: acceptDelay });
      const path = random.float();
      if (path < 0.5) steps.push({ key: 'in_progress', at: acceptDelay + (close - acceptDelay) * random.between(0.2, 0.5) });
      if (path > 0.3) steps.push({ key: 'scheduled', at: acceptDelay + (close - acceptDelay) * random.between(0.55, 0.8) });
      steps.push({ key: 'resolved', at: close + 0.01 });
      age = closedAge(random, close);
      break;
    }
    case 'rejected': {
      let close = random.between(0.1, dA * 1.5 + 2);
      if (random.chance(0.5)) {
        steps.push({ key: 'accepted', at: Math.min(acceptDelay, close * 0.6) });
        close = Math.max(close, acceptDelay + 0.5);
      }
      steps.push({ key: 'rejected', at: close });
      age = closedAge(random, close);
      break;
    }
    case 'hidden': {
      const hide = random.between(0.05, 1);
      steps.push({ key: 'hidden', at: hide });
      age = random.between(hide + 0.5, 200);
      break;
    }
  }
  const created = now - age * DAY;
  const at = settle({ created, steps: steps.map((s) => ({ key: s.key, at: created + s.at * DAY })) }, now, clock);
  const date = (ms: number) => dateFormat.format(new Date(ms));

  const events: PlannedEvent[] = [{ type: 'created', status: 'submitted', public: true, at: new Date(created) }];
  const acceptedAt = at.get('accepted');
  const closedAt = at.get('resolved') ?? at.get('rejected');
  const target = created + dR * DAY;
  let expectedAt: number | undefined;
  if (status === 'scheduled') expectedAt = scheduledFor;
  else if (status === 'resolved') expectedAt = at.has('scheduled') ? closedAt : target;
  else if (acceptedAt !== undefined && status !== 'rejected') expectedAt = target;

  if (acceptedAt !== undefined) {
    // Some reports first reached the wrong office and were passed on.
    if (c.department !== 'urp' && random.chance(0.06)) {
      const department = DEMO_DEPARTMENTS.find((d) => d.key === c.department)!;
      events.push({
        type: 'assign',
        message: `Riassegnata dall’URP all’ufficio ${department.name}.`,
        public: false,
        reassignedFrom: 'urp',
        at: new Date(
          Math.max(created + MINUTE, Math.min(workTime(created + (acceptedAt - created) * 0.5, clock), acceptedAt - MINUTE)),
        ),
      });
    }
    events.push({ type: 'status', status: 'accepted', public: true, at: new Date(acceptedAt) });
    if (random.chance(0.65)) {
      const promise = acceptedAt + Math.min(dR, 7) * DAY;
      events.push({
        type: 'reply',
        message: `${fill(random.pick(texts.accept ?? ACCEPT_REPLIES), { date: date(promise) })} — ${signatureOf(c)}`,
        public: true,
        at: new Date(Math.min(acceptedAt + random.int(5, 90) * MINUTE, now - MINUTE)),
      });
    }
    if (random.chance(0.25)) {
      events.push({
        type: 'note',
        message: random.pick(INTERNAL_NOTES),
        public: false,
        at: new Date(workTimeBefore(acceptedAt + random.int(30, 300) * MINUTE, now, clock)),
      });
    }
  }
  const progressAt = at.get('in_progress');
  if (progressAt !== undefined) {
    events.push({
      type: 'status',
      status: 'in_progress',
      message: fill(random.pick(texts.progress ?? PROGRESS_MESSAGES), { work }),
      public: true,
      at: new Date(progressAt),
    });
  }
  const scheduledAt = at.get('scheduled');
  if (scheduledAt !== undefined) {
    events.push({
      type: 'status',
      status: 'scheduled',
      message: fill(random.pick(SCHEDULED_MESSAGES), { work, date: date(expectedAt ?? target) }),
      public: true,
      at: new Date(scheduledAt),
    });
  }
  if (status === 'resolved' || status === 'rejected') {
    const words = status === 'resolved' ? reportCase!.resolved : (reportCase?.rejected ?? texts.rejected);
    events.push({ type: 'status', status, message: random.pick(words), public: true, at: new Date(closedAt!) });
  } else if (status === 'hidden') {
    // Moderation and its reason stay internal, as when staff hide a report in the console.
    events.push({ type: 'status', status: 'hidden', public: false, at: new Date(at.get('hidden')!) });
  }
  // A report that waits long gets a word from the office.
  const lastStep = Math.max(created, ...at.values());
  const open = ['accepted', 'in_progress', 'scheduled'].includes(status);
  if (open && now - created > dR * 0.6 * DAY && now - lastStep > 0.5 * DAY && random.chance(0.6)) {
    events.push({
      type: 'reply',
      message: `${random.pick(FOLLOW_UP_REPLIES)} — ${signatureOf(c)}`,
      public: true,
      at: new Date(workTimeBefore(random.between(lastStep + 0.2 * DAY, now - 0.1 * DAY), now, clock)),
    });
  }

  // The console moves the version on every staff action, notes and replies included.
  const staffActions = events.filter((e) => e.type !== 'created').length;
  return {
    reference: '',
    category: c,
    streetCode: input.streetCode,
    civic: input.civic,
    presso: input.presso,
    location: input.location,
    title: input.title,
    details: input.details,
    status,
    published: status !== 'hidden',
    contact: input.contact,
    createdAt: new Date(created),
    updatedAt: new Date(Math.max(...events.map((e) => e.at.getTime()))),
    acceptedAt: acceptedAt === undefined ? null : new Date(acceptedAt),
    expectedAt: expectedAt === undefined ? null : new Date(expectedAt),
    closedAt: closedAt === undefined ? null : new Date(closedAt),
    version: 1 + staffActions,
    duplicateOf: null,
    statusBeforeHidden: status === 'hidden' ? 'submitted' : null,
    events,
    supports: [],
    caseIndex: input.caseIndex,
  };
}

/** Each status change records the status it left (and a planned date), as the console does. */
function recordStatusChanges(r: PlannedReport) {
  let previous: ReportStatus = 'submitted';
  for (const e of r.events) {
    if (e.type !== 'status' && !(e.type === 'merge' && e.status)) continue;
    if (e.type === 'status') {
      e.data = { from: previous, ...(e.status === 'scheduled' && r.expectedAt ? { expectedAt: r.expectedAt.toISOString() } : {}) };
    }
    previous = e.status!;
  }
}

/** Office hours if that stays in the past, else the moment itself. */
function workTimeBefore(t: number, now: number, random: Random): number {
  const w = workTime(t, random);
  return w < now - MINUTE ? w : t;
}

function signatureOf(c: DemoCategory): string {
  return DEMO_DEPARTMENTS.find((d) => d.key === c.department)!.signature;
}

/** "Mi associo": many on open reports (a few popular ones), some on reports since closed. */
function addSupports(random: Random, r: PlannedReport, popular: boolean, now: number) {
  let count: number;
  const open = ['submitted', 'accepted', 'in_progress', 'scheduled'].includes(r.status);
  if (r.status === 'hidden') count = 0;
  else if (popular) count = random.int(16, 25);
  else if (open) {
    count = random.weighted([
      [0, 30],
      [random.int(1, 3), 35],
      [random.int(4, 8), 25],
      [random.int(9, 15), 10],
    ]);
  } else if (r.status === 'resolved') {
    count = random.weighted([
      [0, 50],
      [random.int(1, 4), 35],
      [random.int(5, 10), 15],
    ]);
  } else count = random.chance(0.3) ? random.int(1, 2) : 0;

  const from = r.createdAt.getTime() + 30 * MINUTE;
  const until = (r.closedAt?.getTime() ?? now) - MINUTE;
  if (until <= from) return;
  const people = new Set<number>();
  while (people.size < count) people.add(random.int(1, SUPPORTER_POOL));
  r.supports = [...people]
    .map((k) => ({
      token: `segnala-demo-supporter-${k}`,
      email: random.chance(0.1) ? `sostenitore.${k}@example.org` : null,
      at: new Date(random.between(from, until)),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** n items, each category as often as its weight says (largest remainder), each at least once. */
function apportion(categories: readonly DemoCategory[], n: number): DemoCategory[] {
  const spare = n - categories.length;
  const total = categories.reduce((sum, c) => sum + c.weight, 0);
  const shares = categories.map((c) => ({ c, exact: (spare * c.weight) / total }));
  const counts = new Map(shares.map((s) => [s.c, 1 + Math.floor(s.exact)]));
  let left = n - [...counts.values()].reduce((a, b) => a + b, 0);
  for (const s of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left-- <= 0) break;
    counts.set(s.c, counts.get(s.c)! + 1);
  }
  return categories.flatMap((c) => Array.from({ length: counts.get(c)! }, () => c));
}
