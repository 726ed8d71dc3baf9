import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The backup file of `npm run backup` (README, "Backups"): a plain, uncompressed tar that
 * `tar tvf` lists, holding
 *   segnala-backup.json   the manifest below, first;
 *   secret.key            DATA_DIR/secret.key, when the server keeps its key there;
 *   pgdata.tar.gz         the embedded database, as PGlite's dumpDataDir() writes it.
 * Only regular files with short names are written, so the ustar subset below is the whole format.
 */
export const MANIFEST_NAME = 'segnala-backup.json';
export const DATABASE_NAME = 'pgdata.tar.gz';
export const SECRET_KEY_NAME = 'secret.key';

const FileDigest = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const Manifest = z.object({
  format: z.literal('segnala-backup'),
  formatVersion: z.literal(1),
  segnalaVersion: z.string().min(1),
  createdAt: z.iso.datetime(),
  /** The last migration applied to the database when it was copied. */
  latestMigration: z.string().regex(/^\d{4}_[\w-]+\.sql$/),
  /** Every other file of the backup, with its digest: a damaged copy is refused before anything changes. */
  files: z.strictObject({ [DATABASE_NAME]: FileDigest, [SECRET_KEY_NAME]: FileDigest.optional() }),
});
export type Manifest = z.infer<typeof Manifest>;

export const digest = (data: Uint8Array) => ({ bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') });

const BLOCK = 512;
/** ustar's size field: 11 octal digits. */
const MAX_ENTRY_BYTES = 8 ** 11 - 1;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  if (size > MAX_ENTRY_BYTES) throw new Error(`${name} is larger than a tar entry can hold (8 GiB)`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o600, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.fill(' ', 148, 156);
  block.write(octal(checksum(block), 7) + ' ', 148, 'ascii');
  return block;
}

const checksum = (block: Buffer) => block.reduce((sum, byte) => sum + byte, 0);

/** The tar of these files, in this order, as a list of chunks to write one after the other. */
export function tarChunks(files: { name: string; data: Uint8Array }[], mtime: Date): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (const { name, data } of files) {
    chunks.push(header(name, data.byteLength, mtime), data);
    const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
    if (pad) chunks.push(Buffer.alloc(pad));
  }
  chunks.push(Buffer.alloc(2 * BLOCK));
  return chunks;
}

export class NotABackup extends Error {}

/** The regular files of a tar, by name. Throws NotABackup on anything that is not a well-formed tar. */
export function untar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (true) {
    if (offset + BLOCK > archive.length) throw new NotABackup('it ends in the middle (not a tar file, or cut short)');
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return files;
    const recorded = parseInt(block.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
    const copy = Buffer.from(block);
    copy.fill(' ', 148, 156);
    if (!Number.isFinite(recorded) || recorded !== checksum(copy)) throw new NotABackup('it is not a tar file (a header checksum is wrong)');
    const name = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = block.toString('ascii', 156, 157);
    const start = offset + BLOCK;
    if (!Number.isFinite(size) || start + size > archive.length) throw new NotABackup(`it is cut short (in ${name})`);
    if (type === '0' || type === '\0') files.set(name, archive.subarray(start, start + size));
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}
