import { pieceWords } from '../planning/words.ts';

/** The outside bodies' panel (README "Outside bodies"), and the report's "forward" action. */
export const bodyWords = pieceWords({
  it: {
    heading: 'Enti esterni',
    intro: 'Gli enti a cui inoltrare le segnalazioni che non sono del Comune (acqua, gas, elettricità, Provincia). Ricevono la segnalazione per e-mail con un link per aggiornare i cittadini, senza account.',
    name: 'Nome',
    email: 'E-mail',
    active: 'Attivo',
    none: 'Nessun ente esterno.',
    loading: 'Caricamento…',
    add: 'Aggiungi un ente esterno',
    addSubmit: 'Aggiungi',
    rowLabel: '{field} di {name}',
    'err.name': 'Scrivi il nome (almeno 2 caratteri).',
    'err.email': 'Scrivi un indirizzo e-mail valido.',
    // The report's action
    forward: 'Inoltra a un ente esterno',
    forwardHint: 'L’ente riceve la segnalazione per e-mail con un link per aggiornare i cittadini; la pagina pubblica dirà «Inoltrata a …».',
    body: 'Ente',
    choose: 'Scegli un ente',
    message: 'Messaggio per l’ente (facoltativo, non pubblico)',
    forwardSubmit: 'Inoltra',
    forwarded: 'Inoltrata a {name}.',
    noBodies: 'Nessun ente esterno: un amministratore li aggiunge nelle impostazioni.',
    'err.body': 'Scegli l’ente.',
    currently: 'Ora inoltrata a {name}.',
    // The history
    'event.forward': 'Inoltrata a {name}',
    'event.bodyUpdate': 'Aggiornamento da {name}',
    by: 'da {name} (ente esterno)',
    note: 'Messaggio per l’ente (non pubblico):',
  },
  en: {
    heading: 'Outside bodies',
    intro: 'The bodies reports that are not the municipality’s are forwarded to (water, gas, electricity, the Province). They get the report by e-mail with a link to update the citizens, no account needed.',
    name: 'Name',
    email: 'E-mail',
    active: 'Active',
    none: 'No outside bodies.',
    loading: 'Loading…',
    add: 'Add an outside body',
    addSubmit: 'Add',
    rowLabel: '{field} of {name}',
    'err.name': 'Write the name (at least 2 characters).',
    'err.email': 'Write a valid e-mail address.',
    forward: 'Forward to an outside body',
    forwardHint: 'The body gets the report by e-mail with a link to update the citizens; the public page will say “Forwarded to …”.',
    body: 'Body',
    choose: 'Choose a body',
    message: 'Message for the body (optional, not public)',
    forwardSubmit: 'Forward',
    forwarded: 'Forwarded to {name}.',
    noBodies: 'No outside bodies: an administrator adds them in the settings.',
    'err.body': 'Choose the body.',
    currently: 'Now forwarded to {name}.',
    'event.forward': 'Forwarded to {name}',
    'event.bodyUpdate': 'Update from {name}',
    by: 'by {name} (outside body)',
    note: 'Message for the body (not public):',
  },
});

export interface OutsideBody {
  id: number;
  name: string;
  email: string;
  active: boolean;
}
