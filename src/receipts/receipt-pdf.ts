import { canvasBlob } from './receipt-canvas';

const encoder = new TextEncoder();

/**
 * A one-page PDF whose page is the browser-drawn receipt as a JPEG. PDF text cannot carry
 * shaped Devanagari without embedding and shaping a font, so the page is the picture the
 * browser already shaped. The file is written here in ~40 lines rather than with a PDF
 * library: a single-image page needs five objects, and the kiosk would otherwise download
 * and cache ~150 KB of library for it.
 */
export async function receiptPdf(canvas: HTMLCanvasElement, title: string): Promise<Blob> {
  const jpeg = new Uint8Array(await (await canvasBlob(canvas, 'image/jpeg')).arrayBuffer());
  // The drawing is at twice CSS size; 1 CSS pixel = 0.75 pt.
  const width = Math.round((canvas.width / 2) * 0.75);
  const height = Math.round((canvas.height / 2) * 0.75);
  const content = `q ${width} 0 0 ${height} 0 0 cm /Receipt Do Q`;
  const safeTitle = title.replace(/[()\\]/g, '');
  const objects: (string | Uint8Array)[][] = [
    ['<< /Type /Catalog /Pages 2 0 R >>'],
    ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << /Receipt 4 0 R >> >> /Contents 5 0 R >>`],
    [`<< /Type /XObject /Subtype /Image /Width ${canvas.width} /Height ${canvas.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, jpeg, '\nendstream'],
    [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`],
    [`<< /Title (${safeTitle}) /Creator (Sahej) >>`],
  ];
  const parts: Uint8Array[] = [encoder.encode('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((pieces, index) => {
    offsets.push(offset);
    for (const piece of [`${index + 1} 0 obj\n`, ...pieces, '\nendobj\n']) {
      const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
      parts.push(bytes);
      offset += bytes.length;
    }
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(encoder.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return new Blob(parts as BlobPart[], { type: 'application/pdf' });
}
