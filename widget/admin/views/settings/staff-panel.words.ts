import { pieceWords } from '../planning/words.ts';

/** The staff panel's words for colleagues' login security (README "Staff and the demo accounts"). */
export const staffSecurityWords = pieceWords({
  it: {
    sendReset: 'Invia link per nuova password',
    resetSent: 'Link per una nuova password inviato a {email}: vale 24 ore, una volta sola. La password attuale resta valida finché non viene usato.',
    resetFailed: 'Link non inviato a {name}: {message}',
  },
  en: {
    sendReset: 'Send a link for a new password',
    resetSent: 'A link for a new password was sent to {email}: it works once, for 24 hours. The current password keeps working until it is used.',
    resetFailed: 'Link not sent to {name}: {message}',
  },
});
