import { STATUS_INFO, type ReportStatus } from '../domain/status.ts';

export type MailKind = 'new_report' | 'receipt' | 'reporter_update' | 'supporter_update';
export type Locale = 'it' | 'en';

export interface MailFacts {
  municipalityName: string;
  reference: string;
  title: string;
  details: string;
  categoryName: string;
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
    place: 'Luogo',
    details: 'Descrizione',
    status: 'Stato',
    reply: "Risposta dell'ufficio",
    duplicate: (ref: string) => `È stata unita alla segnalazione ${ref}, che ne segue la risoluzione.`,
    code: (code: string) => `Il tuo codice per seguirla è ${code}. Conservalo: è personale e non viene mostrato ad altri.`,
    link: 'Vedi la segnalazione',
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
    place: 'Place',
    details: 'Description',
    status: 'Status',
    reply: "The office's reply",
    duplicate: (ref: string) => `It has been merged into report ${ref}, which tracks the fix.`,
    code: (code: string) => `Your code to follow it is ${code}. Keep it: it is personal and never shown to others.`,
    link: 'See the report',
    console: 'Handle it in the Segnala console.',
    footer: 'Automatic message from Segnala: please do not reply to this e-mail.',
  },
} as const;

/** Plain-text mails: they read well in any client, and carry nothing that could run. */
export function renderMail(kind: MailKind, locale: Locale, f: MailFacts): RenderedMail {
  const s = t[locale];
  const lines: string[] = [];
  const facts = () => {
    lines.push(`${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    if (f.place) lines.push(`${s.place}: ${f.place}`);
  };
  let subject: string;
  if (kind === 'new_report') {
    subject = s.newSubject(f);
    lines.push(s.newIntro(f), '');
    facts();
    lines.push('', `${s.details}:`, f.details, '', s.console);
  } else if (kind === 'receipt') {
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
  if (f.reportUrl && kind !== 'new_report') lines.push('', `${s.link}: ${f.reportUrl}`);
  lines.push('', '--', s.footer);
  return { subject, text: lines.join('\n') + '\n' };
}
