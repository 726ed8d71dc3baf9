// A real SMTP server for the browser tests: the live Segnala server of the run sends its mail here
// (SMTP_URL), and a test reads what arrived with the `mailbox` command (@web/test-runner-commands'
// executeServerCommand), to open the links an e-mail carries as a citizen would.
import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';

/** Quoted-printable and folded headers made plain: `=\r\n` joins, `=C3=A8` becomes `è`. */
export function readableMail(raw) {
  const joined = raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
  return joined.replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ''), 'hex').toString('utf8'));
}

export async function startMailbox() {
  const received = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        const text = readableMail(raw);
        const subject = /^Subject: (.*)$/m.exec(text)?.[1] ?? '';
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, text });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    plugin: {
      name: 'mailbox',
      /** `mailbox` → the mails received so far for `to` (every mail without it), oldest first. */
      async executeCommand({ command, payload }) {
        if (command !== 'mailbox') return undefined;
        const to = payload?.to?.toLowerCase();
        return received.filter((m) => !to || m.to.some((a) => a.toLowerCase() === to));
      },
      serverStop: () => new Promise((resolve) => server.close(() => resolve())),
    },
  };
}
