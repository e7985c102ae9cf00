import { sha256Hex } from './content-hash';

/**
 * The digest of one capture day's filings from one device: SHA-256 of the lines
 * `{id} {hash}\n`, sorted by id. Device and server compute it the same way; equal
 * digests mean the server holds exactly the device's filings of that day.
 */
export async function dayDigest(filings: readonly { id: string; hash: string }[]): Promise<string> {
  const lines = [...filings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((filing) => `${filing.id} ${filing.hash}\n`);
  return sha256Hex(lines.join(''));
}
