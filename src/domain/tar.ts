/**
 * The POSIX ustar container, as much of it as an export needs: regular files with
 * names under 100 bytes. Every tool (tar, 7-Zip, Python's tarfile) reads it, and it can be
 * written as a list of parts without holding the documents' bytes in memory.
 */
const BLOCK = 512;
const encoder = new TextEncoder();

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  block.set(bytes.subarray(0, length), offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

export function tarHeader(name: string, size: number, mtimeSeconds: number): Uint8Array<ArrayBuffer> {
  if (encoder.encode(name).length > 100) throw new Error(`tar entry name too long: ${name}`);
  const block = new Uint8Array(BLOCK);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, Math.floor(mtimeSeconds));
  block.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(block, 156, 1, '0');
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** Zero bytes that bring an entry of `size` bytes up to a whole block. */
export function tarPadding(size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks end an archive. */
export function tarEnd(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(BLOCK * 2);
}

function readString(block: Uint8Array, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end === -1 ? slice : slice.subarray(0, end));
}

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

/** Reads an archive held in memory (tests, small imports); refuses a corrupt header. */
export function* readTar(bytes: Uint8Array): Generator<TarEntry> {
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const block = bytes.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) return;
    let sum = 0;
    block.forEach((byte, index) => (sum += index >= 148 && index < 156 ? 0x20 : byte));
    if (sum !== parseInt(readString(block, 148, 8).trim(), 8)) throw new Error(`tar header checksum mismatch at byte ${offset}`);
    const size = parseInt(readString(block, 124, 12).trim(), 8);
    const name = readString(block, 0, 100);
    const start = offset + BLOCK;
    if (start + size > bytes.length) throw new Error(`tar entry ${name} is truncated`);
    yield { name, data: bytes.subarray(start, start + size) };
    offset = start + size + ((BLOCK - (size % BLOCK)) % BLOCK);
  }
}
