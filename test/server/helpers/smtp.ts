import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on a loopback port, keeping what it receives; it can be told to refuse mail
 * for a while, or to reject some recipients for good the way real servers do (quoting the address).
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  let refusing = false;
  let rejecting: RegExp | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusing) return callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
      if (rejecting?.test(address.address)) {
        const local = address.address.split('@')[0];
        const reply = `5.1.1 <${address.address}>: Recipient address rejected: user ${local} unknown in virtual mailbox table`;
        return callback(Object.assign(new Error(reply), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(on: boolean) {
      refusing = on;
    },
    /** Recipients matching `pattern` get a permanent 550 naming them; undefined accepts everyone again. */
    reject(pattern: RegExp | undefined) {
      rejecting = pattern;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
