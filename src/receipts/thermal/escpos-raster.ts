import type { MonoBitmap } from './receipt-bitmap';

/** ESC @: the printer's initial state (no leftover mode from whatever printed before). */
export const INITIALISE = Uint8Array.of(0x1b, 0x40);
/** GS v 0 (m = 0, normal size): a raster band's command bytes before its size and data. */
export const RASTER_BAND = Uint8Array.of(0x1d, 0x76, 0x30, 0x00);
/** GS V 66 n: feed to the cutter, then a partial cut; a printer without a cutter skips it. */
export const FEED_AND_CUT = Uint8Array.of(0x1d, 0x56, 0x42, 0x00);
/** ESC d n: feed n lines. */
const FEED_LINES = 0x64;

/**
 * The largest band, in bytes of dots. Cheap printers hold a few kilobytes of input; a band
 * they cannot hold whole is one that a slow link (9600 baud, Bluetooth) may starve mid-row.
 */
const BAND_BYTES = 4096;
/** GS v 0 takes 1–4095 rows; bands stay well inside that and above a text line's height. */
const MIN_BAND_ROWS = 24;
const MAX_BAND_ROWS = 256;

export interface RasterOptions {
  /** Rows a GS v 0 command carries; by default as many as fit in 4 kB, 24 to 256. */
  bandRows?: number;
  /** Lines fed after the picture (ESC d n), so its end clears the tear bar; 4 by default. */
  feedLines?: number;
}

/** Rows a band carries for a bitmap this wide: as many as fit in BAND_BYTES, a multiple of 8. */
export function defaultBandRows(bytesPerRow: number): number {
  const rows = Math.floor(BAND_BYTES / bytesPerRow / 8) * 8;
  return Math.min(MAX_BAND_ROWS, Math.max(MIN_BAND_ROWS, rows));
}

/**
 * The print job for a 1-bit picture, as the pieces to send one after another: ESC @, one
 * GS v 0 command a band of rows (so a small buffer is never asked to hold the whole
 * receipt), then feed and cut. GS v 0 is the raster command nearly every 58 and 80 mm
 * ESC/POS printer knows; its dots are the bitmap's own bytes, left dot in the high bit.
 */
export function escposRaster(bitmap: MonoBitmap, options: RasterOptions = {}): Uint8Array[] {
  const { width, height, bytesPerRow, data } = bitmap;
  if (bytesPerRow < 1 || bytesPerRow > 0xffff || bytesPerRow * 8 < width) throw new RangeError(`a raster row of ${bytesPerRow} bytes cannot hold ${width} dots`);
  const bandRows = options.bandRows ?? defaultBandRows(bytesPerRow);
  if (!Number.isInteger(bandRows) || bandRows < 1 || bandRows > 4095) throw new RangeError(`a GS v 0 band holds 1 to 4095 rows, not ${bandRows}`);
  const pieces: Uint8Array[] = [INITIALISE];
  for (let top = 0; top < height; top += bandRows) {
    const rows = Math.min(bandRows, height - top);
    const band = new Uint8Array(RASTER_BAND.length + 4 + rows * bytesPerRow);
    band.set(RASTER_BAND);
    band.set([bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8], RASTER_BAND.length);
    band.set(data.subarray(top * bytesPerRow, (top + rows) * bytesPerRow), RASTER_BAND.length + 4);
    pieces.push(band);
  }
  const feed = options.feedLines ?? 4;
  if (feed > 0) pieces.push(Uint8Array.of(0x1b, FEED_LINES, Math.min(255, feed)));
  pieces.push(FEED_AND_CUT);
  return pieces;
}

/** All pieces as one byte string (what the printer receives, in order). */
export function joinBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
}

/** The pieces cut to at most `size` bytes each, in order, for a link that takes no more at once. */
export function* chunked(pieces: readonly Uint8Array[], size: number): Generator<Uint8Array> {
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; at += size) yield piece.subarray(at, Math.min(piece.length, at + size));
  }
}
