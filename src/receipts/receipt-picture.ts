import type { Filing } from '../store/types';
import type { I18n } from '../ui/i18n-context';
import { qrMatrix } from './qr';
import type { ReceiptPicture } from './receipt-canvas';
import { receiptLines } from './receipt-lines';

/**
 * What every drawn receipt shows (the PDF, the shared picture, the thermal printer's dots):
 * the receipt lines, the QR code when there is one, and the screen's own closing note with
 * the number to quote.
 */
export function receiptPicture(filing: Filing, qrText: string | undefined, i18n: Pick<I18n, 't' | 'tKey' | 'lang'>): ReceiptPicture {
  const { t } = i18n;
  return {
    title: t('receipt.title'),
    lines: receiptLines(filing, i18n),
    ...(qrText ? { qr: qrMatrix(qrText) } : {}),
    footer: filing.confirmation ? t('receipt.keepNoteConfirmed', { no: filing.confirmation.applicationNo }) : t('receipt.keepNote', { no: filing.receiptNo }),
  };
}
