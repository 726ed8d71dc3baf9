import { STATUS_INFO, type ReportStatus } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';

export type MailKind = 'new_report' | 'receipt' | 'reporter_update' | 'supporter_update';
export type Locale = 'it' | 'en';

export interface MailFacts {
  municipalityName: string;
  reference: string;
  /** The filer's own words: only for the office (new_report), never to a citizen's address. */
  title: string;
  details: string;
  categoryName: string;
  /** The office in charge. */
  departmentName: string;
  filedAt: Date;
  /** Street and civic number as filed: for the office only, the civic number is typed by the filer. */
  place: string | null;
  /** Where the citizen can see the report (the municipality's page with the widget). */
  reportUrl: string | null;
  /** Only for the reporter's own mails. */
  trackingCode?: string;
  /** What changed, for updates. */
  status?: ReportStatus;
  message?: string;
  duplicateOf?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

const t = {
  it: {
    newSubject: (f: MailFacts) => `Nuova segnalazione ${f.reference}: ${f.title}`,
    newIntro: (f: MailFacts) => `È arrivata una nuova segnalazione per il vostro ufficio (${f.municipalityName}).`,
    receiptSubject: (f: MailFacts) => `Abbiamo ricevuto la tua segnalazione ${f.reference}`,
    receiptIntro: (f: MailFacts) => `Grazie: la tua segnalazione è stata ricevuta dal ${f.municipalityName} e inoltrata all'ufficio competente.`,
    updateSubject: (f: MailFacts) => `Aggiornamento sulla segnalazione ${f.reference}`,
    updateIntro: (f: MailFacts, supporter: boolean) =>
      supporter
        ? `Ci sono novità sulla segnalazione a cui ti sei associato/a (${f.municipalityName}).`
        : `Ci sono novità sulla tua segnalazione (${f.municipalityName}).`,
    reference: 'Numero',
    title: 'Oggetto',
    category: 'Categoria',
    department: 'Ufficio',
    filedAt: 'Ricevuta il',
    place: 'Luogo',
    details: 'Descrizione',
    status: 'Stato',
    reply: "Risposta dell'ufficio",
    duplicate: (ref: string) => `È stata unita alla segnalazione ${ref}, che ne segue la risoluzione.`,
    code: (code: string) => `Il tuo codice per seguirla è ${code}. Conservalo: è personale e non viene mostrato ad altri.`,
    link: 'Vedi la segnalazione',
    notYou: "Se non hai inviato tu questa segnalazione, ignora questo messaggio: l'indirizzo è stato scritto da chi l'ha inviata.",
    console: 'Gestitela dalla console di Segnala.',
    footer: 'Messaggio automatico di Segnala: per favore non rispondere a questa e-mail.',
  },
  en: {
    newSubject: (f: MailFacts) => `New report ${f.reference}: ${f.title}`,
    newIntro: (f: MailFacts) => `A new report has arrived for your office (${f.municipalityName}).`,
    receiptSubject: (f: MailFacts) => `We have received your report ${f.reference}`,
    receiptIntro: (f: MailFacts) => `Thank you: ${f.municipalityName} has received your report and passed it to the office in charge.`,
    updateSubject: (f: MailFacts) => `Update on report ${f.reference}`,
    updateIntro: (f: MailFacts, supporter: boolean) =>
      supporter ? `There is news on the report you joined (${f.municipalityName}).` : `There is news on your report (${f.municipalityName}).`,
    reference: 'Reference',
    title: 'Subject',
    category: 'Category',
    department: 'Office',
    filedAt: 'Received on',
    place: 'Place',
    details: 'Description',
    status: 'Status',
    reply: "The office's reply",
    duplicate: (ref: string) => `It has been merged into report ${ref}, which tracks the fix.`,
    code: (code: string) => `Your code to follow it is ${code}. Keep it: it is personal and never shown to others.`,
    link: 'See the report',
    notYou: 'If you did not send this report, please ignore this message: the address was typed by whoever sent it.',
    console: 'Handle it in the Segnala console.',
    footer: 'Automatic message from Segnala: please do not reply to this e-mail.',
  },
} as const;

const DATE_FORMAT: Record<Locale, Intl.DateTimeFormat> = {
  it: new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
};

/**
 * Plain-text mails: they read well in any client, and carry nothing that could run.
 *
 * A citizen's address is typed by whoever files or joins, and never confirmed: anyone may type a
 * stranger's. So the mails to such an address (receipt, reporter_update, supporter_update) carry
 * no word written by the filer (title, description, name, civic number): only what the
 * municipality itself writes (its name, the category and office, the status, a reply by staff),
 * the reference, the date and the links. Nobody can make the municipality mail a stranger their
 * own text. The office's notice (new_report, to an address its admin set) carries everything.
 */
export function renderMail(kind: MailKind, locale: Locale, f: MailFacts): RenderedMail {
  const s = t[locale];
  const lines: string[] = [];
  let subject: string;
  if (kind === 'new_report') {
    subject = s.newSubject(f);
    lines.push(s.newIntro(f), '', `${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    if (f.place) lines.push(`${s.place}: ${f.place}`);
    lines.push('', `${s.details}:`, f.details, '', s.console);
    lines.push('', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  const facts = () =>
    lines.push(
      `${s.reference}: ${f.reference}`,
      `${s.category}: ${f.categoryName}`,
      `${s.department}: ${f.departmentName}`,
      `${s.filedAt}: ${DATE_FORMAT[locale].format(f.filedAt)}`,
    );
  if (kind === 'receipt') {
    subject = s.receiptSubject(f);
    lines.push(s.receiptIntro(f), '');
    facts();
    if (f.trackingCode) lines.push('', s.code(f.trackingCode));
  } else {
    subject = s.updateSubject(f);
    lines.push(s.updateIntro(f, kind === 'supporter_update'), '');
    facts();
    if (f.status) lines.push(`${s.status}: ${STATUS_INFO[f.status].labels[locale]}`);
    if (f.duplicateOf) lines.push('', s.duplicate(f.duplicateOf));
    if (f.message) lines.push('', `${s.reply}:`, f.message);
    if (kind === 'reporter_update' && f.trackingCode) lines.push('', s.code(f.trackingCode));
  }
  if (f.reportUrl) lines.push('', `${s.link}: ${f.reportUrl}`);
  if (kind === 'receipt') lines.push('', s.notYou);
  lines.push('', '--', s.footer);
  return { subject, text: lines.join('\n') + '\n' };
}
