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
  /** Recipients refused for good (550) while a test asks for it: `mailbox-reject`. */
  let rejecting;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejecting?.test(address.address)) return callback(Object.assign(new Error('5.1.1 Recipient address rejected: user unknown'), { responseCode: 550 }));
      callback();
    },
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
        // `mailbox-reject` { pattern }: refuse recipients matching it (null: accept all again).
        if (command === 'mailbox-reject') {
          rejecting = payload?.pattern ? new RegExp(payload.pattern) : undefined;
          return true;
        }
        if (command !== 'mailbox') return undefined;
        const to = payload?.to?.toLowerCase();
        return received.filter((m) => !to || m.to.some((a) => a.toLowerCase() === to));
      },
      serverStop: () => new Promise((resolve) => server.close(() => resolve())),
    },
  };
}
