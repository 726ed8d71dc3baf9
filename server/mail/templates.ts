import { STATUS_INFO, type ReportStatus } from '../domain/status.ts';
import { TIME_ZONE } from '../domain/time-zone.ts';

export type MailKind =
  | 'new_report'
  | 'receipt'
  | 'reporter_update'
  | 'supporter_update'
  // "Is it really fixed?": the question to a citizen, and the office's notice of a reopening
  | 'resolution_check'
  | 'report_reopened'
  // The citizen adds information (to the office), the office asks for some (to the reporter)
  | 'citizen_message'
  | 'citizen_reply_request'
  // A report given to a member of its office, to that person
  | 'staff_assigned'
  // An admin sent a staff account a link to set a new password (renderPasswordResetMail)
  | 'staff_password_reset'
  // Outside bodies: a report forwarded to one (to the body, with its link), and its update (to the office)
  | 'body_forward'
  | 'body_update_notice';
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
  /** "Is it really fixed?": the three signed answers (resolution_check). */
  answerLinks?: { fixed: string; not_fixed: string; dont_know: string };
  /** The office's question (citizen_reply_request): where the reporter answers it. */
  replyUrl?: string | null;
  /** A citizen's addition (citizen_message): whether it answered the office's question, and its photos. */
  answered?: boolean;
  photos?: number;
  /** staff_assigned: the colleague who gave the report. */
  assignedBy?: string;
  /** Outside bodies: the body a report was forwarded to (updates), or whose update it is. */
  forwardedTo?: string;
  bodyName?: string;
  /** body_forward: the body's page for its updates, signed when sent. */
  bodyUrl?: string | null;
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
    // "Is it really fixed?"
    checkSubject: (f: MailFacts) => `La segnalazione ${f.reference} è risolta: è vero?`,
    checkIntro: (f: MailFacts) =>
      `L'ufficio ha segnato come risolta la segnalazione che hai inviato o seguito (${f.municipalityName}). Il problema è davvero risolto? Scegli una risposta: si apre una pagina dove confermarla.`,
    checkFixed: 'Sì, è risolto',
    checkNotFixed: 'No, non è risolto',
    checkDontKnow: 'Non lo so',
    checkLater: 'Puoi cambiare risposta in seguito con un altro di questi link.',
    reopenedSubject: (f: MailFacts) => `Segnalazione ${f.reference} riaperta: ${f.title}`,
    reopenedIntro: 'Una segnalazione che il vostro ufficio aveva risolto è stata riaperta dai cittadini.',
    reopenedWhy: 'Motivo',
    rateIt: 'Com’è andata? Con il tuo codice puoi dire se il problema è davvero risolto e dare un voto al servizio',
    // The citizen adds information, the office asks for it
    citizenSubject: (f: MailFacts) => `${f.answered ? 'Risposta del cittadino' : 'Nuove informazioni dal cittadino'} sulla segnalazione ${f.reference}`,
    citizenIntro: (f: MailFacts) =>
      f.answered
        ? "Il cittadino ha risposto alla vostra richiesta di informazioni: la segnalazione è tornata in carico all'ufficio."
        : 'Il cittadino ha aggiunto informazioni alla sua segnalazione.',
    citizenMessage: 'Messaggio del cittadino',
    citizenPhotos: (n: number) => (n === 1 ? 'Con 1 foto.' : `Con ${n} foto.`),
    askSubject: (f: MailFacts) => `L'ufficio ti chiede informazioni sulla segnalazione ${f.reference}`,
    askIntro: (f: MailFacts) => `L'ufficio che segue la tua segnalazione (${f.municipalityName}) ha bisogno di altre informazioni.`,
    askQuestion: "Domanda dell'ufficio",
    askLink: 'Per rispondere (anche con foto) apri questo link',
    askPaused: 'Finché non rispondi, la segnalazione resta in attesa.',
    assignedSubject: (f: MailFacts) => `Segnalazione ${f.reference} assegnata a te: ${f.title}`,
    assignedIntro: (f: MailFacts) => `${f.assignedBy ?? 'Un collega'} ti ha assegnato una segnalazione (${f.municipalityName}).`,
    // Outside bodies
    forwardSubject: (f: MailFacts) => `${f.municipalityName} vi inoltra la segnalazione ${f.reference}: ${f.title}`,
    forwardIntro: (f: MailFacts) => `Il ${f.municipalityName} vi inoltra una segnalazione di un cittadino che riguarda ${f.bodyName ?? 'il vostro ente'}.`,
    forwardNote: 'Messaggio del Comune',
    forwardLink: 'Per aggiornare i cittadini (stato e messaggi, senza account) aprite questo link',
    forwardPrivate: 'Il link è solo vostro: non inoltratelo fuori dal vostro ente.',
    forwarded: (body: string) => `La segnalazione è stata inoltrata a ${body}, che ne è competente.`,
    fromBody: (body: string) => `Aggiornamento da ${body}`,
    bodySubject: (f: MailFacts) => `${f.bodyName ?? 'Un ente esterno'} ha aggiornato la segnalazione ${f.reference}`,
    bodyIntro: (f: MailFacts) => `${f.bodyName ?? 'Un ente esterno'}, a cui la segnalazione era stata inoltrata, ha scritto un aggiornamento.`,
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
    // "Is it really fixed?"
    checkSubject: (f: MailFacts) => `Report ${f.reference} is resolved: is it true?`,
    checkIntro: (f: MailFacts) =>
      `The office has marked as resolved the report you sent or followed (${f.municipalityName}). Is the problem really fixed? Choose an answer: a page opens where you confirm it.`,
    checkFixed: 'Yes, it is fixed',
    checkNotFixed: 'No, it is not fixed',
    checkDontKnow: "I don't know",
    checkLater: 'You can change your answer later with another of these links.',
    reopenedSubject: (f: MailFacts) => `Report ${f.reference} reopened: ${f.title}`,
    reopenedIntro: 'A report your office had resolved has been reopened by the citizens.',
    reopenedWhy: 'Reason',
    rateIt: 'How did it go? With your code you can say whether the problem is really fixed and rate the service',
    // The citizen adds information, the office asks for it
    citizenSubject: (f: MailFacts) => `${f.answered ? "The citizen's answer" : 'New information from the citizen'} on report ${f.reference}`,
    citizenIntro: (f: MailFacts) =>
      f.answered
        ? 'The citizen has answered your request for information: the report is back with the office.'
        : 'The citizen has added information to their report.',
    citizenMessage: "The citizen's message",
    citizenPhotos: (n: number) => (n === 1 ? 'With 1 photo.' : `With ${n} photos.`),
    askSubject: (f: MailFacts) => `The office asks you for information on report ${f.reference}`,
    askIntro: (f: MailFacts) => `The office handling your report (${f.municipalityName}) needs more information.`,
    askQuestion: "The office's question",
    askLink: 'To answer (photos welcome) open this link',
    askPaused: 'Until you answer, the report waits for you.',
    assignedSubject: (f: MailFacts) => `Report ${f.reference} assigned to you: ${f.title}`,
    assignedIntro: (f: MailFacts) => `${f.assignedBy ?? 'A colleague'} has assigned a report to you (${f.municipalityName}).`,
    // Outside bodies
    forwardSubject: (f: MailFacts) => `${f.municipalityName} forwards report ${f.reference} to you: ${f.title}`,
    forwardIntro: (f: MailFacts) => `${f.municipalityName} forwards to you a citizen's report that concerns ${f.bodyName ?? 'your organisation'}.`,
    forwardNote: "The municipality's message",
    forwardLink: 'To update the citizens (status and messages, no account needed) open this link',
    forwardPrivate: 'The link is yours alone: do not pass it outside your organisation.',
    forwarded: (body: string) => `The report has been forwarded to ${body}, which is in charge of it.`,
    fromBody: (body: string) => `Update from ${body}`,
    bodySubject: (f: MailFacts) => `${f.bodyName ?? 'An outside body'} updated report ${f.reference}`,
    bodyIntro: (f: MailFacts) => `${f.bodyName ?? 'An outside body'}, which the report was forwarded to, has written an update.`,
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
  if (kind === 'staff_assigned') {
    // To a staff member's own address: the filer's words are for the office.
    subject = s.assignedSubject(f);
    lines.push(s.assignedIntro(f), '', `${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    if (f.place) lines.push(`${s.place}: ${f.place}`);
    lines.push('', `${s.details}:`, f.details, '', s.console, '', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  if (kind === 'citizen_message') {
    // To the office's own address, like new_report: the citizen's words are for the office.
    subject = s.citizenSubject(f);
    lines.push(s.citizenIntro(f), '', `${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    lines.push('', `${s.citizenMessage}:`, f.message ?? '');
    if (f.photos) lines.push('', s.citizenPhotos(f.photos));
    lines.push('', s.console, '', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  if (kind === 'body_forward') {
    // To the body's own address, as the municipality's admin set it: like new_report, everything.
    subject = s.forwardSubject(f);
    lines.push(s.forwardIntro(f), '', `${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    if (f.place) lines.push(`${s.place}: ${f.place}`);
    lines.push(`${s.filedAt}: ${DATE_FORMAT[locale].format(f.filedAt)}`, '', `${s.details}:`, f.details);
    if (f.message) lines.push('', `${s.forwardNote}:`, f.message);
    if (f.bodyUrl) lines.push('', `${s.forwardLink}: ${f.bodyUrl}`, s.forwardPrivate);
    lines.push('', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  if (kind === 'body_update_notice') {
    // To the office's own address: the body's words and the report's.
    subject = s.bodySubject(f);
    lines.push(s.bodyIntro(f), '', `${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    if (f.status) lines.push(`${s.status}: ${STATUS_INFO[f.status].labels[locale]}`);
    lines.push('', `${s.fromBody(f.bodyName ?? '')}:`, f.message ?? '', '', s.console, '', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  if (kind === 'report_reopened') {
    // To the office's own address, like new_report: the filer's words may be in it.
    subject = s.reopenedSubject(f);
    lines.push(s.reopenedIntro, '', `${s.reference}: ${f.reference}`, `${s.title}: ${f.title}`, `${s.category}: ${f.categoryName}`);
    if (f.message) lines.push(`${s.reopenedWhy}: ${f.message}`);
    lines.push('', s.console, '', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  const facts = () =>
    lines.push(
      `${s.reference}: ${f.reference}`,
      `${s.category}: ${f.categoryName}`,
      `${s.department}: ${f.departmentName}`,
      `${s.filedAt}: ${DATE_FORMAT[locale].format(f.filedAt)}`,
    );
  if (kind === 'citizen_reply_request') {
    // Only the office's words (its question) and the link: the address was typed by the filer.
    subject = s.askSubject(f);
    lines.push(s.askIntro(f), '');
    facts();
    if (f.message) lines.push('', `${s.askQuestion}:`, f.message);
    if (f.replyUrl) lines.push('', `${s.askLink}: ${f.replyUrl}`);
    lines.push('', s.askPaused, '', '--', s.footer);
    return { subject, text: lines.join('\n') + '\n' };
  }
  if (kind === 'resolution_check') {
    subject = s.checkSubject(f);
    lines.push(s.checkIntro(f), '');
    facts();
    if (f.answerLinks) {
      lines.push('', `${s.checkFixed}: ${f.answerLinks.fixed}`, '', `${s.checkNotFixed}: ${f.answerLinks.not_fixed}`, '', `${s.checkDontKnow}: ${f.answerLinks.dont_know}`);
      lines.push('', s.checkLater);
    }
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
    if (f.forwardedTo) lines.push('', s.forwarded(f.forwardedTo));
    if (f.message) lines.push('', `${f.bodyName ? s.fromBody(f.bodyName) : s.reply}:`, f.message);
    if (kind === 'reporter_update' && f.trackingCode) lines.push('', s.code(f.trackingCode));
    // Rating the service, after closing: on the tracking page, with the code above.
    if (kind === 'reporter_update' && f.trackingCode && f.reportUrl && (f.status === 'resolved' || f.status === 'rejected')) {
      lines.push('', `${s.rateIt}: ${f.reportUrl.split('#')[0]}#segnala/track`);
    }
  }
  if (f.reportUrl) lines.push('', `${s.link}: ${f.reportUrl}`);
  if (kind === 'receipt') lines.push('', s.notYou);
  lines.push('', '--', s.footer);
  return { subject, text: lines.join('\n') + '\n' };
}

// Follow a street (services/street-subscriptions.ts): the confirmation link and the daily digest.
// Both go to an address typed on the street page; the confirmation carries only the municipality's
// words (its name, the street's), the digest what the public page of each report shows of it.

export interface StreetDigestLine {
  streetName: string;
  reference: string;
  categoryName: string;
  status: ReportStatus;
  reportUrl?: string | null;
  /** Ends following this line's street. */
  unsubscribeUrl?: string | null;
}

const street = {
  it: {
    confirmSubject: (f: { municipalityName: string; streetName: string }) => `Conferma: seguire ${f.streetName} (${f.municipalityName})`,
    confirmIntro: (f: { streetName: string }) =>
      `Qualcuno, forse tu, ha chiesto di ricevere per e-mail le novità sulle segnalazioni in ${f.streetName}.`,
    confirmLink: 'Per confermare apri questo link e premi «Conferma»',
    confirmIgnore: (days: number) => `Se non sei stato tu, ignora questo messaggio: senza conferma l'indirizzo viene cancellato entro ${days} giorni.`,
    digestSubject: (f: { municipalityName: string }) => `Novità nelle vie che segui (${f.municipalityName})`,
    digestIntro: 'Ecco le segnalazioni pubblicate o chiuse nelle vie che segui dall’ultimo messaggio.',
    see: 'Vedi',
    stop: (name: string) => `Non seguire più ${name}`,
    stopAll: 'Non seguire più nessuna via (un clic)',
    once: 'Ricevi al massimo un messaggio al giorno.',
  },
  en: {
    confirmSubject: (f: { municipalityName: string; streetName: string }) => `Confirm: follow ${f.streetName} (${f.municipalityName})`,
    confirmIntro: (f: { streetName: string }) => `Someone, perhaps you, asked to receive by e-mail the news on reports in ${f.streetName}.`,
    confirmLink: 'To confirm, open this link and press “Confirm”',
    confirmIgnore: (days: number) => `If it was not you, ignore this message: without confirmation the address is deleted within ${days} days.`,
    digestSubject: (f: { municipalityName: string }) => `News on the streets you follow (${f.municipalityName})`,
    digestIntro: 'Here are the reports published or closed on the streets you follow since the last message.',
    see: 'See',
    stop: (name: string) => `Stop following ${name}`,
    stopAll: 'Stop following every street (one click)',
    once: 'You get at most one message a day.',
  },
} as const;

export function renderStreetConfirmMail(
  locale: Locale,
  f: { municipalityName: string; streetName: string; confirmUrl: string | null; days: number },
): RenderedMail {
  const s = street[locale];
  const lines = [s.confirmIntro(f), ''];
  if (f.confirmUrl) lines.push(`${s.confirmLink}:`, f.confirmUrl, '');
  lines.push(s.confirmIgnore(f.days), '', '--', t[locale].footer);
  return { subject: s.confirmSubject(f), text: lines.join('\n') + '\n' };
}

export function renderStreetDigestMail(
  locale: Locale,
  f: { municipalityName: string; lines: StreetDigestLine[]; unsubscribeAllUrl: string | null },
): RenderedMail {
  const s = street[locale];
  const lines: string[] = [s.digestIntro];
  const streets = [...new Set(f.lines.map((l) => l.streetName))];
  for (const name of streets) {
    const mine = f.lines.filter((l) => l.streetName === name);
    lines.push('', `${name}:`);
    for (const l of mine) {
      lines.push(`- ${l.reference}, ${l.categoryName}: ${STATUS_INFO[l.status].labels[locale]}`);
      if (l.reportUrl) lines.push(`  ${s.see}: ${l.reportUrl}`);
    }
    const stop = mine[0].unsubscribeUrl;
    if (stop) lines.push(`${s.stop(name)}: ${stop}`);
  }
  lines.push('', s.once);
  if (f.unsubscribeAllUrl) lines.push(`${s.stopAll}: ${f.unsubscribeAllUrl}`);
  lines.push('', '--', t[locale].footer);
  return { subject: s.digestSubject(f), text: lines.join('\n') + '\n' };
}

// A staff account's link to set a new password (services/password-reset.ts): to the account's own
// address; only the municipality's words, the account's name and the link.
const reset = {
  it: {
    subject: (f: { municipalityName: string }) => `Nuova password per la console di Segnala (${f.municipalityName})`,
    hello: (name: string) => `Buongiorno ${name},`,
    intro: (f: { municipalityName: string }) =>
      `un amministratore del ${f.municipalityName} ti ha inviato un link per scegliere una nuova password del tuo account della console di Segnala.`,
    link: 'Apri questo link e scrivi la nuova password',
    until: (when: string) => `Il link vale una volta sola, fino al ${when}. Quando la password è cambiata, tutte le sessioni aperte con il tuo account vengono chiuse.`,
    notYou: "Se non te lo aspettavi, non aprire il link e avvisa l'amministratore: la password attuale resta valida finché il link non viene usato.",
  },
  en: {
    subject: (f: { municipalityName: string }) => `New password for the Segnala console (${f.municipalityName})`,
    hello: (name: string) => `Hello ${name},`,
    intro: (f: { municipalityName: string }) =>
      `an administrator of ${f.municipalityName} has sent you a link to choose a new password for your Segnala console account.`,
    link: 'Open this link and type the new password',
    until: (when: string) => `The link works once, until ${when}. Once the password is changed, every session open with your account is closed.`,
    notYou: 'If you did not expect this, do not open the link and tell the administrator: the current password keeps working until the link is used.',
  },
} as const;

export function renderPasswordResetMail(
  locale: Locale,
  f: { municipalityName: string; name: string; url: string; expiresAt: Date },
): RenderedMail {
  const s = reset[locale];
  const lines = [s.hello(f.name), '', s.intro(f), '', `${s.link}:`, f.url, '', s.until(DATE_FORMAT[locale].format(f.expiresAt)), '', s.notYou];
  lines.push('', '--', t[locale].footer);
  return { subject: s.subject(f), text: lines.join('\n') + '\n' };
}
