import { sha256Hex } from '../../domain/content-hash';
import { MAX_DOCUMENT_BYTES } from '../../domain/envelope';
import type { DocumentKind } from '../../domain/requests';
import type { StoredDocument } from '../../store/types';

export const IMAGE_MAX_EDGE = 1600;
export const IMAGE_MAX_BYTES = 300 * 1024;
export const THUMB_MAX_EDGE = 200;

export type DocumentProblem = 'document.unreadable' | 'document.too_large' | 'document.type';

export class DocumentError extends Error {
  constructor(readonly problem: DocumentProblem) {
    super(problem);
  }
}

type Canvas = OffscreenCanvas | HTMLCanvasElement;

function canvasOf(width: number, height: number): Canvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

async function encodeJpeg(canvas: Canvas, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new DocumentError('document.unreadable'))), 'image/jpeg', quality));
}

function draw(bitmap: ImageBitmap, maxEdge: number): Canvas {
  const scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = canvasOf(width, height);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new DocumentError('document.unreadable');
  // JPEG has no transparency: a white page rather than a black one behind a PNG scan.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

/**
 * A photo from a phone camera is 3–12 MB; a kiosk on 2G must send it. Shrink the
 * longest edge to 1600 px, then lower JPEG quality (and if need be the size) until it
 * fits in 300 KB. Orientation from EXIF is applied by the browser when decoding.
 */
export async function compressImage(file: Blob): Promise<{ blob: Blob; thumb: Blob; width: number; height: number }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new DocumentError('document.unreadable');
  }
  try {
    let edge = IMAGE_MAX_EDGE;
    for (;;) {
      const canvas = draw(bitmap, edge);
      for (const quality of [0.85, 0.75, 0.65, 0.55, 0.45]) {
        const blob = await encodeJpeg(canvas, quality);
        if (blob.size <= IMAGE_MAX_BYTES) {
          const thumb = await encodeJpeg(draw(bitmap, THUMB_MAX_EDGE), 0.7);
          return { blob, thumb, width: canvas.width, height: canvas.height };
        }
      }
      edge = Math.round(edge * 0.8);
    }
  } finally {
    bitmap.close();
  }
}

async function looksLikePdf(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}

/** Turns a picked or photographed file into the Blob that is stored and uploaded, with its hash. */
export async function processDocument(file: File, kind: DocumentKind): Promise<Omit<StoredDocument, 'ownerId' | 'addedAt'>> {
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) {
    if (file.size > MAX_DOCUMENT_BYTES) throw new DocumentError('document.too_large');
    if (!(await looksLikePdf(file))) throw new DocumentError('document.unreadable');
    const blob = new Blob([file], { type: 'application/pdf' });
    const sha256 = await sha256Hex(new Uint8Array(await blob.arrayBuffer()));
    return { kind, sha256, mime: 'application/pdf', size: blob.size, blob, fileName: file.name };
  }
  if (!file.type.startsWith('image/') && file.type !== '') throw new DocumentError('document.type');
  const { blob, thumb } = await compressImage(file);
  const sha256 = await sha256Hex(new Uint8Array(await blob.arrayBuffer()));
  return { kind, sha256, mime: 'image/jpeg', size: blob.size, blob, thumb, fileName: file.name };
}
