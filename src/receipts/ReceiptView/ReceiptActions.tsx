import { useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n-context';
import type { Filing } from '../../store/types';
import { printReceipt, type PrintLayout } from '../print';
import { qrMatrix } from '../qr';
import { drawReceipt, canvasBlob } from '../receipt-canvas';
import { receiptLines } from '../receipt-lines';
import { receiptPdf } from '../receipt-pdf';
import { download, shareOrDownload } from '../share';

/** Print (A4, 58 mm, 80 mm), PDF, and a picture to share — each drawn from the same receipt lines. */
export function ReceiptActions({ filing, qrText }: { filing: Filing; qrText: string | undefined }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [busy, setBusy] = useState(false);
  const picture = () => drawReceipt({ title: t('receipt.title'), lines: receiptLines(filing, i18n), ...(qrText ? { qr: qrMatrix(qrText) } : {}), footer: t('receipt.keepNote') });
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      console.error('sahej: receipt output failed', error);
    } finally {
      setBusy(false);
    }
  };
  const print = (layout: PrintLayout) => printReceipt(layout);
  return (
    <div class="receipt-actions" data-testid="receipt-actions">
      <button type="button" class="button" onClick={() => print('58')}>
        {t('receipt.print58')}
      </button>
      <button type="button" class="button" onClick={() => print('80')}>
        {t('receipt.print80')}
      </button>
      <button type="button" class="button" onClick={() => print('a4')}>
        {t('receipt.printA4')}
      </button>
      <button type="button" class="button" disabled={busy} onClick={() => void run(async () => download(await receiptPdf(await picture(), filing.receiptNo), `${filing.receiptNo}.pdf`))}>
        {t('receipt.pdf')}
      </button>
      <button type="button" class="button" disabled={busy} onClick={() => void run(async () => shareOrDownload(await canvasBlob(await picture()), `${filing.receiptNo}.png`, t('receipt.title')))}>
        {t('receipt.share')}
      </button>
    </div>
  );
}
