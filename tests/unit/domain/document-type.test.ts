import { describe, expect, it } from 'vitest';
import { sniffDocumentType } from '../../../src/domain/document-type';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((char) => char.charCodeAt(0)) : part)));

describe('a document’s type by its leading bytes', () => {
  it('knows the four types a filing may carry', () => {
    expect(sniffDocumentType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffDocumentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'))).toBe('image/png');
    expect(sniffDocumentType(bytes('RIFF', [0x24, 0x10, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffDocumentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('is null for anything else, whatever it claims to be', () => {
    for (const other of [
      bytes('<!doctype html><script>alert(1)</script>'),
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), // RIFF, but audio
      bytes(' %PDF-1.7'), // a PDF reader would skip the space; a browser sniffing would too
      bytes([0xff, 0xd8]), // too short to be a JPEG
      bytes('GIF89a'),
      bytes('PK', [3, 4]),
      new Uint8Array(),
    ]) {
      expect(sniffDocumentType(other)).toBeNull();
    }
  });
});
