// Bundled alone for the thermal e2e test and run in the kiosk's page: the app's own modules
// draw the receipt for the paper as 1-bit dots, the reference the printed bytes must match.
import { isMessageKey, translate, type Lang } from '../../../src/i18n';
import { receiptPicture } from '../../../src/receipts/receipt-picture';
import { receiptBitmap, type PaperWidth } from '../../../src/receipts/thermal/receipt-bitmap';
import type { Filing } from '../../../src/store/types';

export interface ThermalReference {
  width: number;
  height: number;
  bytesPerRow: number;
  /** The dots, base64. */
  dots: string;
}

async function reference(filing: Filing, qrText: string, lang: Lang, paper: PaperWidth): Promise<ThermalReference> {
  const i18n = { lang, t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params), tKey: (key: string, params?: Record<string, string | number>) => (isMessageKey(key) ? translate(lang, key, params) : key) };
  const bitmap = await receiptBitmap(receiptPicture(filing, qrText, i18n), paper);
  let binary = '';
  for (const byte of bitmap.data) binary += String.fromCharCode(byte);
  return { width: bitmap.width, height: bitmap.height, bytesPerRow: bitmap.bytesPerRow, dots: btoa(binary) };
}

(window as unknown as { sahejThermal: { reference: typeof reference } }).sahejThermal = { reference };
