import { pieceWords } from '../planning/words.ts';

/** The staff panel's words for colleagues' login security (README "Staff and the demo accounts"). */
export const staffSecurityWords = pieceWords({
  it: {
    sendReset: 'Invia link per nuova password',
    resetSent: 'Link per una nuova password inviato a {email}: vale 24 ore, una volta sola. La password attuale resta valida finché non viene usato.',
    failed: 'Non fatto per {name}: {message}',
    'totp.on': 'Verifica in due passaggi: attiva.',
    'totp.off': 'Verifica in due passaggi: non attiva.',
    'totp.pending': 'Verifica in due passaggi: richiesta, da attivare al prossimo accesso.',
    'totp.require': 'Richiedi la verifica in due passaggi',
    'totp.release': 'Non richiedere più la verifica in due passaggi',
    'totp.remove': 'Rimuovi la verifica in due passaggi (telefono perso)',
    'totp.required': 'Verifica in due passaggi richiesta per {name}: se non l’ha già, la attiverà al prossimo accesso, prima di entrare.',
    'totp.released': 'Per {name} la verifica in due passaggi non è più richiesta (resta attiva se l’aveva attivata).',
    'totp.removed': 'Verifica in due passaggi rimossa per {name}: al prossimo accesso basta la password, o collega di nuovo l’app se è richiesta.',
  },
  en: {
    sendReset: 'Send a link for a new password',
    resetSent: 'A link for a new password was sent to {email}: it works once, for 24 hours. The current password keeps working until it is used.',
    failed: 'Not done for {name}: {message}',
    'totp.on': 'Two-step login: on.',
    'totp.off': 'Two-step login: off.',
    'totp.pending': 'Two-step login: required, to set up at the next login.',
    'totp.require': 'Require two-step login',
    'totp.release': 'Stop requiring two-step login',
    'totp.remove': 'Remove two-step login (phone lost)',
    'totp.required': 'Two-step login required for {name}: if they do not have it yet, they set it up at their next login, before entering.',
    'totp.released': 'Two-step login is no longer required for {name} (it stays on if they turned it on).',
    'totp.removed': 'Two-step login removed for {name}: at the next login the password is enough, or they link the app again if it is required.',
  },
});
