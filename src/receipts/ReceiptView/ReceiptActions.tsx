import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n-context';
import type { Filing } from '../../store/types';
import { printReceipt, type PrintLayout } from '../print';
import { drawReceipt, canvasBlob } from '../receipt-canvas';
import { receiptPicture } from '../receipt-picture';
import { receiptPdf } from '../receipt-pdf';
import { download, shareOrDownload } from '../share';
import { availableTransports } from '../thermal/printer-choice';

type ThermalPanel = ComponentType<{ filing: Filing; qrText: string | undefined }>;
// Its own chunk, fetched on the first tap: most kiosks print through the dialog.
const loadThermal = (): Promise<ThermalPanel> => import('./ThermalPrinter').then((module) => module.ThermalPrinter);

/**
 * Print (A4, 58 mm, 80 mm), PDF, a picture to share, and — where the browser can reach a
 * printer itself — an ESC/POS thermal printer; each drawn from the same receipt lines.
 */
export function ReceiptActions({ filing, qrText }: { filing: Filing; qrText: string | undefined }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [busy, setBusy] = useState(false);
  const [thermal, setThermal] = useState<{ open: boolean; Panel?: ThermalPanel; failed?: boolean }>({ open: false });
  const picture = () => drawReceipt(receiptPicture(filing, qrText, i18n));
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
  const toggleThermal = () => {
    setThermal({ ...thermal, open: !thermal.open, failed: false });
    if (!thermal.open && !thermal.Panel) loadThermal().then((Panel) => setThermal((now) => ({ ...now, Panel })), () => setThermal((now) => ({ ...now, failed: true })));
  };
  return (
    <>
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
        {availableTransports().length ? (
          <button type="button" class="button" aria-expanded={thermal.open} data-testid="thermal-toggle" onClick={toggleThermal}>
            {t('thermal.button')}
          </button>
        ) : null}
      </div>
      {thermal.open && thermal.Panel ? <thermal.Panel filing={filing} qrText={qrText} /> : null}
      {thermal.open && thermal.failed ? <p role="alert" class="no-print">{t('common.loadFailed')}</p> : null}
    </>
  );
}
