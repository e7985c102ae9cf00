import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n-context';
import type { DeviceRecord, Filing } from '../../store/types';
import { receiptQrText } from '../proof-of-filing';
import { qrMatrix, qrSvg } from '../qr';

/** The receipt's QR code (the signed proof, as a link), or why there is none yet. */
export function ReceiptQr({ filing, device, onText }: { filing: Filing; device: DeviceRecord; onText?(text: string | undefined): void }) {
  const { t } = useI18n();
  const [svg, setSvg] = useState<{ markup: string; text: string } | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void receiptQrText(filing, device).then((text) => {
      if (!live) return;
      onText?.(text);
      setSvg(text ? { markup: qrSvg(qrMatrix(text), t('receipt.qr.label')), text } : null);
    });
    return () => {
      live = false;
    };
  }, [filing.receiptNo, filing.confirmation?.signature, device.certificate?.signature]);
  if (svg === undefined) return null;
  if (svg === null) return <p class="receipt__note">{t('receipt.qr.unavailable')}</p>;
  return (
    <figure class="receipt__qr" data-testid="receipt-qr" data-qr-text={svg.text}>
      {/* eslint-disable-next-line react/no-danger -- generated locally from our own data */}
      <div dangerouslySetInnerHTML={{ __html: svg.markup }} />
      <figcaption>{t('receipt.qr.caption')}</figcaption>
    </figure>
  );
}
