import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnvError, parseEnv } from '../../server/env.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openTestDatabase } from './helpers/database.ts';

describe('environment', () => {
  test('defaults: port 8080, ./data, the embedded database with the demo', () => {
    const env = parseEnv({});
    assert.equal(env.PORT, 8080);
    assert.equal(env.DATA_DIR, './data');
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.DEMO, true);
    assert.equal(env.LOG_LEVEL, 'info');
  });

  test('a real database turns the demo off unless asked', () => {
    assert.equal(parseEnv({ DATABASE_URL: 'postgres://db/segnala' }).DEMO, false);
    assert.equal(parseEnv({ DATABASE_URL: 'postgres://db/segnala', DEMO: '1' }).DEMO, true);
  });

  test('a wrong value is refused with a message naming the variable', () => {
    assert.throws(() => parseEnv({ PORT: 'eighty' }), (err: Error) => err instanceof EnvError && /PORT/.test(err.message));
    assert.throws(() => parseEnv({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.throws(() => parseEnv({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.throws(() => parseEnv({ SECRET_KEY: 'short' }), /SECRET_KEY/);
    assert.throws(() => parseEnv({ DEMO: 'maybe' }), /DEMO/);
  });
});

describe('migrations', () => {
  test('run once; running again (or from two processes at once) changes nothing', async () => {
    const db = await openTestDatabase();
    try {
      const again = await Promise.all([migrate(db.sql), migrate(db.sql)]);
      assert.deepEqual(again, [[], []]);
      const rows = await db.sql`SELECT name FROM schema_migration ORDER BY name`;
      assert.equal(rows[0].name, '0001_init.sql');
      assert.equal(new Set(rows.map((r) => r.name)).size, rows.length);
    } finally {
      await db.close();
    }
  });
});
