import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './log.ts';

/**
 * The server key behind tracking-code and supporter hashes. From SECRET_KEY when set; otherwise
 * generated once and kept in DATA_DIR, which is right for one process with the embedded database.
 * Several processes sharing one PostgreSQL must be given the same SECRET_KEY.
 */
export async function loadSecretKey(
  opts: { secretKey?: string; dataDir: string; sharedDatabase: boolean },
  logger: Logger,
): Promise<Buffer> {
  if (opts.secretKey) return Buffer.from(opts.secretKey, 'utf8');
  const file = join(opts.dataDir, 'secret.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (opts.sharedDatabase) {
    logger.warn('SECRET_KEY is not set: using a key generated in DATA_DIR; every process sharing this database needs the same SECRET_KEY', { file });
  }
  const key = randomBytes(32);
  await mkdir(opts.dataDir, { recursive: true });
  await writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err) => {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
}
