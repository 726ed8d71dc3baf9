/**
 * Structured logs: one JSON object per line. Callers pass only what is safe to keep: never a
 * reporter's name, e-mail, phone, a tracking code or a request body.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Anything shaped like an e-mail address (user@host), as it may appear quoted inside an error message. */
const EMAIL_ADDRESS = /[^\s<>()[\]{},;:"'\\@]+@[^\s<>()[\]{},;:"'\\@]+/g;

/** Text with every e-mail address replaced by `<address>`. */
export const redactEmailAddresses = (text: string) => text.replace(EMAIL_ADDRESS, '<address>');

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
    if (rank[lvl] < rank[level]) return;
    // A last guard for the promise above: an address inside an error message (an SMTP reply, a
    // database error) never reaches the log, whichever caller passed it on.
    write(redactEmailAddresses(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })) + '\n');
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
