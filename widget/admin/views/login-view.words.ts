import { pieceWords } from './planning/words.ts';

/** The login's second step (two-step login, README "Two-step login"), Italian first. */
export const loginStepWords = pieceWords({
  it: {
    heading: 'Verifica in due passaggi',
    intro: 'La password è giusta. Ora scrivi il codice che l’app di autenticazione del telefono mostra per Segnala.',
    enrolIntro:
      'L’amministratore richiede la verifica in due passaggi per il tuo account: prima di entrare, collega l’app di autenticazione del telefono. Poi, a ogni accesso, dopo la password servirà il codice che l’app mostra.',
    preparing: 'Preparazione del codice QR…',
    submit: 'Verifica',
    enrolSubmit: 'Conferma ed entra',
    cancel: 'Annulla',
    expired: 'Il tempo per il codice è scaduto: accedi di nuovo.',
  },
  en: {
    heading: 'Two-step login',
    intro: 'The password is right. Now type the code the authenticator app on your phone shows for Segnala.',
    enrolIntro:
      'The administrator requires two-step login for your account: before you enter, link the authenticator app on your phone. From then on, each login will need the code the app shows, after the password.',
    preparing: 'Preparing the QR code…',
    submit: 'Verify',
    enrolSubmit: 'Confirm and enter',
    cancel: 'Cancel',
    expired: 'The time for the code has run out: log in again.',
  },
});
