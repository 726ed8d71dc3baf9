import { executeServerCommand } from '@web/test-runner-commands';

/** A mail the live server of the run sent (test/widget/mailbox-server.mjs), readable as text. */
export interface Mail {
  to: string[];
  subject: string;
  /** Headers and body, quoted-printable decoded. */
  text: string;
}

/** Every mail sent to `to` so far, oldest first. */
export const mailsTo = (to: string) => executeServerCommand<Mail[], { to: string }>('mailbox', { to });

/**
 * The first mail to `to` that `match` accepts, once it has arrived: the server sends its outbox
 * every few seconds.
 */
export async function mailArriving(to: string, match: (m: Mail) => boolean = () => true, timeout = 20_000): Promise<Mail> {
  const end = Date.now() + timeout;
  for (;;) {
    const found = (await mailsTo(to)).find(match);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no mail to ${to} arrived in ${timeout / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The links a mail carries, in order. */
export const linksIn = (mail: Mail) => [...mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);

/** A unique mailbox for one test. */
export const freshAddress = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.org`;
