import { pieceWords } from './planning/words.ts';

/** Words of two-step login shared by the login's second step and the account page, Italian first. */
export const totpWords = pieceWords({
  it: {
    code: 'Codice di verifica',
    codeHint: 'Le 6 cifre che l’app di autenticazione mostra ora per Segnala.',
    scan: 'Inquadra questo codice QR con l’app di autenticazione del telefono (per esempio Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis).',
    manual: 'Se non puoi inquadrarlo, nell’app scegli di inserire la chiave a mano e scrivi:',
    qrLabel: 'Codice QR da inquadrare con l’app di autenticazione',
    secretLabel: 'Chiave',
    'err.code': 'Scrivi le 6 cifre del codice.',
    'err.wrong': 'Codice non valido o già usato: scrivi quello che l’app mostra ora.',
    'err.tooMany': 'Troppi tentativi sbagliati: riprova tra qualche minuto.',
  },
  en: {
    code: 'Verification code',
    codeHint: 'The 6 digits the authenticator app shows now for Segnala.',
    scan: 'Scan this QR code with the authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis).',
    manual: 'If you cannot scan it, choose to enter the key by hand in the app and type:',
    qrLabel: 'QR code to scan with the authenticator app',
    secretLabel: 'Key',
    'err.code': 'Type the 6 digits of the code.',
    'err.wrong': 'The code is not valid or was already used: type the one the app shows now.',
    'err.tooMany': 'Too many wrong attempts: try again in a few minutes.',
  },
});
