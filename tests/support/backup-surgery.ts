import { manifestChecksum, MANIFEST_ENTRY, type BackupManifest } from '../../server/maintenance/backup-format';
import { readTar, tarEnd, tarHeader, tarPadding } from '../../src/domain/tar';

/** Where each entry of a tar held in memory starts (its header) and where its bytes end. */
export function entryOffsets(bytes: Uint8Array): { name: string; start: number; dataStart: number; dataEnd: number }[] {
  const found: { name: string; start: number; dataStart: number; dataEnd: number }[] = [];
  let start = 0;
  for (const entry of readTar(bytes)) {
    const dataStart = start + 512;
    const dataEnd = dataStart + entry.data.length;
    found.push({ name: entry.name, start, dataStart, dataEnd });
    start = dataEnd + ((512 - (entry.data.length % 512)) % 512);
  }
  return found;
}

export function buildTar(entries: { name: string; data: Uint8Array }[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const entry of entries) parts.push(tarHeader(entry.name, entry.data.length, 0), entry.data, tarPadding(entry.data.length));
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

/** The backup with its manifest rewritten by `change` and given a matching checksum: damage that a checksum alone cannot catch. */
export function withResignedManifest(bytes: Uint8Array, change: (manifest: BackupManifest) => void): Buffer {
  const entries = [...readTar(bytes)].map((entry) => ({ name: entry.name, data: Buffer.from(entry.data) }));
  const manifestEntry = entries.find((entry) => entry.name === MANIFEST_ENTRY)!;
  const manifest = JSON.parse(manifestEntry.data.toString('utf8')) as BackupManifest;
  change(manifest);
  manifest.checksum = manifestChecksum(manifest);
  manifestEntry.data = Buffer.from(JSON.stringify(manifest));
  return buildTar(entries);
}
