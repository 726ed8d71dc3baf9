import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { openTestDatabase } from './helpers/database.ts';

// The embedded PGlite has no passwords: whoever can connect can read every reporter's contact data.
// It must be reachable only by the server's own user, through a socket in a private folder, never a TCP port.
test('the embedded database is served on a Unix socket only its owner can reach, and cleaned up on close', async (t) => {
  if (process.env.DATABASE_URL) return t.skip('embedded database only');
  const db = await openTestDatabase();
  try {
    assert.ok(db.socketPath, 'served on a Unix socket');
    const dir = dirname(db.socketPath);
    assert.equal((await stat(dir)).mode & 0o777, 0o700, 'the folder is for its owner only');
    assert.deepEqual(await readdir(dir), ['.s.PGSQL.5432']);
    assert.ok((await stat(db.socketPath)).isSocket());
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT 1 AS n`;
    assert.equal(n, 1, 'the server talks to it through that socket');
    await db.close();
    await assert.rejects(stat(dir), 'the folder is removed on close');
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
});
