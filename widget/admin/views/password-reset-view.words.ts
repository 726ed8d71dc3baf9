import { pieceWords } from './planning/words.ts';

/** The words of the page a reset link opens (views/password-reset-view.ts), Italian first. */
export const resetWords = pieceWords({
  it: {
    heading: 'Nuova password',
    checking: 'Controllo del link…',
    for: 'Scegli la nuova password dell’account {email} ({name}).',
    after: 'Dopo il cambio tutte le sessioni aperte con questo account vengono chiuse: poi entra con la nuova password.',
    next: 'Nuova password',
    nextHint: 'Almeno 10 caratteri. Meglio una frase di più parole che nessun altro userebbe.',
    repeat: 'Ripeti la nuova password',
    submit: 'Imposta la nuova password',
    done: 'Password cambiata. Entra con la nuova password.',
    invalid: 'Questo link non vale: è già stato usato, è scaduto (vale 24 ore) o è stato copiato solo in parte. Chiedi a un amministratore di inviarne un altro.',
    toLogin: 'Vai all’accesso',
    'err.short': 'La nuova password deve avere almeno 10 caratteri.',
    'err.repeat': 'Le due password non coincidono.',
    'err.tooMany': 'Troppi tentativi: riprova tra qualche minuto.',
  },
  en: {
    heading: 'New password',
    checking: 'Checking the link…',
    for: 'Choose the new password of the account {email} ({name}).',
    after: 'After the change every session open with this account is closed: then log in with the new password.',
    next: 'New password',
    nextHint: 'At least 10 characters. Better a phrase of several words nobody else would use.',
    repeat: 'Repeat the new password',
    submit: 'Set the new password',
    done: 'Password changed. Log in with the new password.',
    invalid: 'This link does not work: it was already used, it has expired (it lasts 24 hours) or it was copied only in part. Ask an administrator to send another.',
    toLogin: 'Go to the login',
    'err.short': 'The new password needs at least 10 characters.',
    'err.repeat': 'The two passwords do not match.',
    'err.tooMany': 'Too many attempts: try again in a few minutes.',
  },
});
