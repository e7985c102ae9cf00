/**
 * Reads an ESC/POS byte stream back the way a printer would, for the commands a receipt job
 * may use: ESC @ (initialise), GS v 0 (raster band), ESC d n (feed lines), GS V (cut). Any
 * other byte is an error: a job that sends something a printer would print as text, or a
 * band whose size does not match its data, fails here. Written from the command reference,
 * not from the encoder, so the two check each other.
 */
export interface DecodedBand {
  offset: number;
  mode: number;
  bytesPerRow: number;
  rows: number;
}

export interface DecodedJob {
  /** The commands in order: 'init', 'band', 'feed', 'cut'. */
  commands: Array<'init' | 'band' | 'feed' | 'cut'>;
  bands: DecodedBand[];
  feedLines: number;
  /** The bands stacked: width in dots, rows, and 1 bit a dot (1 = black, high bit left). */
  width: number;
  height: number;
  bytesPerRow: number;
  dots: Uint8Array;
}

export function decodeEscpos(bytes: Uint8Array): DecodedJob {
  const commands: DecodedJob['commands'] = [];
  const bands: DecodedBand[] = [];
  const rowsData: Uint8Array[] = [];
  let feedLines = 0;
  let at = 0;
  const need = (count: number, what: string) => {
    if (at + count > bytes.length) throw new Error(`${what} at byte ${at} runs past the end (${bytes.length} bytes)`);
  };
  while (at < bytes.length) {
    const first = bytes[at]!;
    const second = bytes[at + 1];
    if (first === 0x1b && second === 0x40) {
      commands.push('init');
      at += 2;
    } else if (first === 0x1b && second === 0x64) {
      need(3, 'ESC d');
      feedLines += bytes[at + 2]!;
      commands.push('feed');
      at += 3;
    } else if (first === 0x1d && second === 0x76 && bytes[at + 2] === 0x30) {
      need(8, 'GS v 0 header');
      const mode = bytes[at + 3]!;
      const bytesPerRow = bytes[at + 4]! + bytes[at + 5]! * 256;
      const rows = bytes[at + 6]! + bytes[at + 7]! * 256;
      if (bytesPerRow === 0 || rows === 0) throw new Error(`empty GS v 0 band at byte ${at}`);
      need(8 + bytesPerRow * rows, 'GS v 0 data');
      bands.push({ offset: at, mode, bytesPerRow, rows });
      rowsData.push(bytes.slice(at + 8, at + 8 + bytesPerRow * rows));
      commands.push('band');
      at += 8 + bytesPerRow * rows;
    } else if (first === 0x1d && second === 0x56) {
      need(3, 'GS V');
      const mode = bytes[at + 2]!;
      // Modes 0, 1, 48, 49 cut at once; 65, 66 take one more byte (feed before the cut).
      const length = mode === 65 || mode === 66 ? 4 : 3;
      need(length, 'GS V');
      commands.push('cut');
      at += length;
    } else {
      throw new Error(`byte 0x${first.toString(16).padStart(2, '0')} at ${at} is no command of a receipt job`);
    }
  }
  const bytesPerRow = bands[0]?.bytesPerRow ?? 0;
  if (bands.some((band) => band.bytesPerRow !== bytesPerRow)) throw new Error('bands of different widths');
  const height = bands.reduce((sum, band) => sum + band.rows, 0);
  const dots = new Uint8Array(bytesPerRow * height);
  let row = 0;
  for (const [index, band] of bands.entries()) {
    dots.set(rowsData[index]!, row * bytesPerRow);
    row += band.rows;
  }
  return { commands, bands, feedLines, width: bytesPerRow * 8, height, bytesPerRow, dots };
}

export function dotAt(job: Pick<DecodedJob, 'bytesPerRow' | 'dots'>, x: number, y: number): boolean {
  return ((job.dots[y * job.bytesPerRow + Math.floor(x / 8)]! >> (7 - (x % 8))) & 1) === 1;
}

/** The printed dots as an RGBA picture (black on white), with `border` white dots round it, for jsQR or a PNG. */
export function printedImage(job: Pick<DecodedJob, 'width' | 'height' | 'bytesPerRow' | 'dots'>, border = 0): { width: number; height: number; data: Uint8ClampedArray } {
  const width = job.width + border * 2;
  const height = job.height + border * 2;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < job.height; y++) {
    for (let x = 0; x < job.width; x++) {
      if (!dotAt(job, x, y)) continue;
      const at = ((y + border) * width + x + border) * 4;
      data[at] = data[at + 1] = data[at + 2] = 0;
    }
  }
  return { width, height, data };
}
