import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/**
 * The text of a street file as a municipality downloads it. Gzip is opened here (the onData
 * extractions ship as `.csv.gz`); ZIP is refused with a hint, since the ANNCSU portal hands out ZIPs
 * and people pass them on as they are.
 */
export async function readStreetFileText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`File not found: ${file}`);
    if (code === 'EISDIR') throw new Error(`${file} is a folder, not a street file`);
    throw err;
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new Error(`${file} looks gzip-compressed but cannot be decompressed (damaged download?)`);
    }
  }
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    throw new Error(`${file} is a ZIP archive: extract the CSV or GeoJSON file inside it and import that`);
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    throw new Error(`${file} is a binary file, not a CSV or GeoJSON street file`);
  }
  return decodeText(bytes).replace(/^\uFEFF/, '');
}

/**
 * UTF-8 as the ANNCSU files are documented to be; older exports and files re-saved by a
 * spreadsheet are often Latin-1, which would otherwise turn every "À" into a replacement character.
 */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
