import { useEffect, useState } from 'preact/hooks';
import { checkReceiptProof, type ReceiptCheck } from '../../domain/receipt/check';
import { receiptCheckCode } from '../../domain/receipt/check-code';
import { decodeReceiptProof, payloadOfLink } from '../../domain/receipt/proof';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { classifyStorageError } from '../../store/storage-errors';
import { loadTrustedKeys, refreshTrustedKeys } from '../../sync/trust';
import type { Filing } from '../../store/types';
import { receiptLines } from '../receipt-lines';
import { ReceiptStatus } from '../StatusPanel/ReceiptStatus';
import { useReceiptStatus } from '../StatusPanel/use-receipt-status';
import { MyReceiptsLink } from '../MyReceiptsLink';

type Checked = { kind: 'checking' } | { kind: 'unreadable' } | { kind: 'no-keys' } | { kind: 'checked'; check: ReceiptCheck; receiptNo: string; checkCode: string; filing: Filing };

/**
 * The page a receipt's QR code opens, on any phone: it checks the signatures with the
 * server's public keys kept from an earlier visit (no network needed), shows the receipt,
 * asks the server for the filing's status when it can (offline: the last status it saw), and
 * keeps the receipt on request.
 */
export function VerifyReceipt({ payload }: { payload: string }) {
  const { api, db } = useApp();
  const i18n = useI18n();
  const { t, tKey } = i18n;
  const [state, setState] = useState<Checked>({ kind: 'checking' });
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<'storage.quota' | 'storage.failed' | undefined>();

  useEffect(() => {
    void (async () => {
      const proof = await decodeReceiptProof(payloadOfLink(payload));
      if (!proof) return setState({ kind: 'unreadable' });
      let keys = await loadTrustedKeys(db);
      if (navigator.onLine && (await refreshTrustedKeys(db, api))) keys = await loadTrustedKeys(db);
      if (!keys) return setState({ kind: 'no-keys' });
      const check = await checkReceiptProof(proof, keys);
      const receiptNo = proof.envelope.receipt.receiptNo;
      const filing = { id: proof.envelope.id, receiptNo, envelope: proof.envelope, capturedAt: proof.envelope.capturedAt, ...(proof.confirmation ? { confirmation: proof.confirmation } : {}) } as Filing;
      // The QR carries the device's signature, so the page holds the receipt's check code too.
      setState({ kind: 'checked', check, receiptNo, checkCode: receiptCheckCode(proof.envelope.receipt.signature), filing });
      setSaved(!!(await db.savedReceipts.get(receiptNo)));
    })();
  }, [payload]);
  const status = useReceiptStatus(state.kind === 'checked' ? state : undefined);

  if (state.kind === 'checking') return <p class="loading">{t('common.loading')}</p>;
  if (state.kind === 'unreadable') return <main role="alert"><h1>{t('verify.unreadable')}</h1></main>;
  if (state.kind === 'no-keys') return <main role="alert"><h1>{t('verify.noKeys')}</h1></main>;
  const { check, receiptNo, filing } = state;
  const good = check.status === 'verified';
  return (
    <main class="receipt" data-testid="verified-receipt" data-status={check.status}>
      <h1>{t('verify.title')}</h1>
      <p class={`verdict verdict--${good ? 'good' : 'bad'}`} role="status" data-testid="verdict">
        {tKey(`verify.status.${check.status}`)}
        {check.confirmed ? ` ${t('verify.confirmed')}` : ''}
      </p>
      {/* What the applicant came for, before the receipt's own lines: where the application is and what to do next. */}
      <div data-testid="server-answer">
        <ReceiptStatus state={status} offlineText={t('verify.offline')} />
      </div>
      <h2>{t('verify.details')}</h2>
      <dl class="receipt__details">
        {receiptLines(filing, i18n).map((line) => (
          <>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </>
        ))}
      </dl>
      {good ? (
        <button
          type="button"
          class="button button--primary"
          disabled={saved}
          onClick={async () => {
            setSaveError(undefined);
            try {
              await db.savedReceipts.put({ receiptNo, payload: payloadOfLink(payload), savedAt: new Date().toISOString() });
              setSaved(true);
            } catch (error) {
              setSaveError(classifyStorageError(error) === 'quota' ? 'storage.quota' : 'storage.failed');
            }
          }}
        >
          {saved ? t('verify.saved') : t('verify.save')}
        </button>
      ) : null}
      {saveError ? <p class="field__error" role="alert">{t(saveError)}</p> : null}
      <MyReceiptsLink />
    </main>
  );
}
