import { useState } from 'preact/hooks';
import type { ThermalErrorCode } from '../../domain/thermal-error-codes';
import type { Filing } from '../../store/types';
import { loadThermalPrinter, saveThermalPrinter } from '../../store/thermal-printer';
import { useApp } from '../../ui/app-context';
import { useI18n } from '../../ui/i18n-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { receiptPicture } from '../receipt-picture';
import { availableTransports, type TransportKind } from '../thermal/printer-choice';
import type { PaperWidth } from '../thermal/receipt-bitmap';
import { ThermalError } from '../thermal/thermal-error';
import { choosePrinter, findPrinter, printOnThermal } from '../thermal/thermal-print';
import { deviceApis, type FoundPrinter } from '../thermal/web-devices';

type Progress = { state: 'idle' } | { state: 'printing' } | { state: 'done' } | { state: 'failed'; code: ThermalErrorCode };

/**
 * Prints the receipt straight to an ESC/POS printer on USB, a serial port or Bluetooth: the
 * printer remembered from last time, or one chosen now (with its paper width) and then
 * remembered. A failure says why in the operator's language and leaves the receipt, the
 * remembered printer and the print dialog as they were.
 */
export function ThermalPrinter({ filing, qrText }: { filing: Filing; qrText: string | undefined }) {
  const { db } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const remembered = useLiveQuery(async () => (await loadThermalPrinter(db)) ?? null, []);
  const [choosing, setChoosing] = useState(false);
  const [paper, setPaper] = useState<PaperWidth>('58');
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  const apis = deviceApis();
  const busy = progress.state === 'printing';

  // `reach` runs before the first await, so a chooser it opens is still in answer to the tap.
  const run = async (reach: () => Promise<{ printer: FoundPrinter; paper: PaperWidth }>) => {
    setProgress({ state: 'printing' });
    try {
      const target = await reach();
      await printOnThermal(target.printer, receiptPicture(filing, qrText, i18n), target.paper);
      setProgress({ state: 'done' });
      setChoosing(false);
    } catch (error) {
      console.error('sahej: thermal print failed', error);
      setProgress({ state: 'failed', code: error instanceof ThermalError ? error.code : 'write_failed' });
    }
  };
  const printRemembered = (printer: NonNullable<typeof remembered>) => run(async () => ({ printer: await findPrinter(apis, printer), paper: printer.paper }));
  const connect = (transport: TransportKind) =>
    run(async () => {
      const printer = await choosePrinter(apis, transport);
      await saveThermalPrinter(db, { transport, paper, match: printer.match, name: printer.name, savedAt: new Date().toISOString() });
      return { printer, paper };
    });

  if (remembered === undefined) return null;
  return (
    <section class="thermal no-print" data-testid="thermal-printer" aria-labelledby="thermal-title">
      <h2 id="thermal-title">{t('thermal.title')}</h2>
      {remembered && !choosing ? (
        <>
          <p data-testid="thermal-remembered">{t('thermal.remembered', { name: remembered.name, paper: remembered.paper, transport: t(`thermal.transport.${remembered.transport}`) })}</p>
          <div class="receipt-actions">
            <button type="button" class="button button--primary thermal__print" disabled={busy} onClick={() => void printRemembered(remembered)}>
              {t('thermal.print')}
            </button>
            <button type="button" class="button" disabled={busy} onClick={() => setChoosing(true)}>
              {t('thermal.choose')}
            </button>
          </div>
        </>
      ) : (
        <>
          <div class="field">
            <label for="thermal-paper">{t('thermal.paper')}</label>
            <select id="thermal-paper" value={paper} disabled={busy} onChange={(event) => setPaper(event.currentTarget.value as PaperWidth)}>
              <option value="58">{t('thermal.paper58')}</option>
              <option value="80">{t('thermal.paper80')}</option>
            </select>
          </div>
          <div class="receipt-actions">
            {availableTransports().map((transport) => (
              <button key={transport} type="button" class="button" disabled={busy} onClick={() => void connect(transport)}>
                {t(`thermal.connect.${transport}`)}
              </button>
            ))}
          </div>
        </>
      )}
      {progress.state === 'printing' ? <p role="status">{t('thermal.printing')}</p> : null}
      {progress.state === 'done' ? <p role="status">{t('thermal.done')}</p> : null}
      {progress.state === 'failed' ? (
        <p role="alert" class="thermal__error" data-testid="thermal-error" data-code={progress.code}>
          {t(`thermal.error.${progress.code}`)} {t('thermal.keepsReceipt')}
        </p>
      ) : null}
    </section>
  );
}
