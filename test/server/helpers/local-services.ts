import { type ChildProcess, execFileSync } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** A loopback port nobody listens on now (the system picks it), for a server a test starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Debian's nginx binary (.ci/run installs nginx-light), or undefined where there is none: tests skip then. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
  try {
    execFileSync(p, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

/**
 * Waits until `child` (a server the test started, e.g. nginx) accepts connections on `port`;
 * throws with its log if it exits first or is not listening within 10 s.
 */
export async function waitForPort(port: number, child: ChildProcess, log: () => Promise<string>): Promise<void> {
  const name = child.spawnfile;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${await log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not listen on ${port}:\n${await log()}`);
}
