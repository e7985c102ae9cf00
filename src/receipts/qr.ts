import qrcode from 'qrcode-generator';

export interface QrMatrix {
  size: number;
  isDark(row: number, column: number): boolean;
  version: number;
}

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * A QR code for the receipt link, at error correction level M (15 % of it may be lost to
 * a smudge or a fold) and the smallest version that holds the text. The link is upper
 * case with the proof in base43, so all of it but the `#` goes in alphanumeric segments
 * (5.5 bits a character instead of 8).
 */
export function qrMatrix(text: string): QrMatrix {
  const code = qrcode(0, 'M');
  const hash = text.indexOf('#');
  const segments = hash === -1 ? [text] : [text.slice(0, hash), '#', text.slice(hash + 1)];
  for (const segment of segments) if (segment) code.addData(segment, ALPHANUMERIC.test(segment) ? 'Alphanumeric' : 'Byte');
  code.make();
  const size = code.getModuleCount();
  return { size, isDark: (row, column) => code.isDark(row, column), version: (size - 17) / 4 };
}

/** The QR code as an SVG path (dark modules only), with a quiet zone of four modules. */
export function qrSvg(matrix: QrMatrix, label: string): string {
  const quiet = 4;
  const total = matrix.size + quiet * 2;
  let path = '';
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (matrix.isDark(row, column)) path += `M${column + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges" role="img" aria-label="${label}"><rect width="${total}" height="${total}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

/** Draws the QR code onto a canvas at (x, y), `moduleSize` pixels a module, quiet zone included. */
export function drawQr(context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, matrix: QrMatrix, x: number, y: number, moduleSize: number): number {
  const quiet = 4;
  const total = (matrix.size + quiet * 2) * moduleSize;
  context.fillStyle = '#fff';
  context.fillRect(x, y, total, total);
  context.fillStyle = '#000';
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (matrix.isDark(row, column)) context.fillRect(x + (column + quiet) * moduleSize, y + (row + quiet) * moduleSize, moduleSize, moduleSize);
    }
  }
  return total;
}
