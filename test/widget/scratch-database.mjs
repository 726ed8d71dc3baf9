// A fresh PostgreSQL database for the servers the browser suite starts, when DATABASE_URL is set
// (CI's second pass): the demo seed needs an empty database, and the suite must not touch the
// databases of whoever owns that PostgreSQL server. Without DATABASE_URL the servers use the
// embedded database in a temporary DATA_DIR, as before.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Every database made here starts with it, followed by the PID of the process that made it. */
const PREFIX = 'segnala_wtr_';

/**
 * Creates `segnala_wtr_<pid>_<random>` on the server of `adminUrl` and returns its URL, and `drop()`
 * (safe to call twice; forces out connections a killed server left behind).
 * @param {string} adminUrl a database URL whose user may CREATE DATABASE
 * @returns {Promise<{ name: string, url: string, drop: () => Promise<void> }>}
 */
export async function createScratchDatabase(adminUrl) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await dropAbandoned(admin, adminUrl);
    const name = `${PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
    // Names cannot be parameters; this one is made of digits, hex and the prefix only.
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    let dropped;
    const drop = () =>
      (dropped ??= (async () => {
        const conn = postgres(adminUrl, { max: 1, onnotice: () => {} });
        try {
          await conn.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await conn.end();
        }
      })());
    return { name, url: url.toString(), drop };
  } finally {
    await admin.end();
  }
}

/**
 * Databases of earlier runs that were killed before they could drop theirs (kill -9, a crash):
 * those whose creating process no longer exists. Runs still going keep theirs.
 */
async function dropAbandoned(admin, adminUrl) {
  // A PID means something only on this machine: leave a remote server's databases alone.
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(adminUrl).hostname)) return;
  const rows = await admin`SELECT datname FROM pg_database WHERE datname LIKE ${`${PREFIX}%`}`;
  for (const { datname } of rows) {
    const pid = Number(/^segnala_wtr_(\d+)_[0-9a-f]+$/.exec(datname)?.[1]);
    if (!pid || processExists(pid)) continue;
    await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}
