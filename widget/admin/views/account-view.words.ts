import { pieceWords } from './planning/words.ts';

/** The words of one's own account page (README, staff API `POST /me/password`), Italian first. */
export const accountWords = pieceWords({
  it: {
    heading: 'La mia password',
    intro: 'Per cambiarla serve quella attuale. Le altre sessioni aperte con il tuo account (su altri computer o schede) vengono chiuse; questa resta.',
    current: 'Password attuale',
    next: 'Nuova password',
    nextHint: 'Almeno 10 caratteri. Meglio una frase di più parole che nessun altro userebbe.',
    repeat: 'Ripeti la nuova password',
    submit: 'Cambia password',
    done: 'Password cambiata. Le altre sessioni del tuo account sono state chiuse.',
    'err.current': 'Scrivi la password attuale.',
    'err.wrong': 'Non è la password attuale.',
    'err.short': 'La nuova password deve avere almeno 10 caratteri.',
    'err.same': 'La nuova password deve essere diversa da quella attuale.',
    'err.repeat': 'Le due password nuove non coincidono.',
    'err.tooMany': 'Troppi tentativi sbagliati: riprova tra qualche minuto.',
  },
  en: {
    heading: 'My password',
    intro: 'Changing it needs the current one. The other sessions open with your account (on other computers or tabs) are closed; this one stays.',
    current: 'Current password',
    next: 'New password',
    nextHint: 'At least 10 characters. Better a phrase of several words nobody else would use.',
    repeat: 'Repeat the new password',
    submit: 'Change password',
    done: 'Password changed. The other sessions of your account were closed.',
    'err.current': 'Type the current password.',
    'err.wrong': 'That is not the current password.',
    'err.short': 'The new password needs at least 10 characters.',
    'err.same': 'The new password must differ from the current one.',
    'err.repeat': 'The two new passwords do not match.',
    'err.tooMany': 'Too many wrong attempts: try again in a few minutes.',
  },
});
