import nodemailer from 'nodemailer';
import type { MailTransport } from './sender.ts';

/** SMTP through nodemailer, from a URL like smtp://user:pass@host:587 or smtps://host:465. */
export function smtpTransport(url: string): MailTransport & { close(): void } {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId, headers: m.headers });
    },
    close: () => transporter.close(),
  };
}
