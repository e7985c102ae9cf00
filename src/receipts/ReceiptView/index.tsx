import { maskIdNumber } from '../../domain/identity/id-proof';
import { maskMobile } from '../../domain/identity/mobile';
import { useI18n } from '../../ui/i18n-context';
import { linkTo, navigate } from '../../ui/router';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { accountOf, feeOf, idProofOf, personOf } from '../../domain/person';
import { useState } from 'preact/hooks';
import { loadDevice } from '../../store/device';
import { MobileCheck } from '../../follow-up/MobileCheck';
import { ObjectionAnswer } from '../../follow-up/ObjectionAnswer';
import { ReceiptActions } from './ReceiptActions';
import { ReceiptDocuments } from './ReceiptDocuments';
import { ReceiptQr } from './ReceiptQr';
import { StatusDetails } from './StatusDetails';
import { StatusNote } from './StatusNote';
import { receiptCheckCode } from '../../domain/receipt/check-code';
import { formatDateTime, formatMoney } from '../../domain/format-dates';

/** The provisional receipt, shown the moment a filing is captured, with no server. */
export function ReceiptView({ filingId }: { filingId: string }) {
  const { db } = useApp();
  const { t, tKey, lang } = useI18n();
  const filing = useLiveQuery(async () => (await db.filings.get(filingId)) ?? null, [filingId]);
  const device = useLiveQuery(() => loadDevice(db), []);
  const [qrText, setQrText] = useState<string | undefined>();
  if (filing === undefined) return <p class="loading">{t('common.loading')}</p>;
  if (filing === null) return <p role="alert">{t('receipt.notFound')}</p>;
  const { envelope } = filing;
  const person = personOf(envelope);
  const proof = idProofOf(envelope);
  const account = accountOf(envelope);
  const fee = feeOf(envelope);
  return (
    <main class="receipt" data-testid="receipt">
      {/* An objection waits on the applicant: it comes first, above the receipt. */}
      <ObjectionAnswer filing={filing} />
      <h1>{t('receipt.title')}</h1>
      <p class="receipt__number">
        <span>{t('receipt.number')}</span>
        <strong data-testid="receipt-no">{filing.receiptNo}</strong>
      </p>
      <dl class="receipt__details">
        {envelope.receipt?.signature ? (
          <>
            {/* Printed with the receipt: the proof its holder gives to ask the server about it. */}
            <dt>{t('receipt.checkCode')}</dt>
            <dd data-testid="receipt-check-code">{receiptCheckCode(envelope.receipt.signature)}</dd>
          </>
        ) : null}
        <dt>{t('receipt.type')}</dt>
        <dd>{tKey(`type.${envelope.type}`)}</dd>
        <dt>{t('receipt.capturedAt')}</dt>
        <dd>{formatDateTime(envelope.capturedAt, lang)}</dd>
        <dt>{t('receipt.applicant')}</dt>
        <dd>{person.name}</dd>
        <dt>{t('receipt.mobile')}</dt>
        <dd>{maskMobile(person.mobile)}</dd>
        {proof ? (
          <>
            <dt>{t('receipt.idProof')}</dt>
            <dd>
              {tKey(`idType.${proof.type}`)} {maskIdNumber(proof.type, proof.last4)}
            </dd>
          </>
        ) : null}
        {account ? (
          <>
            <dt>{t('form.accountNo')}</dt>
            <dd>{account.accountNo}</dd>
          </>
        ) : null}
        <dt>{t('receipt.operator')}</dt>
        <dd>{envelope.operatorId}</dd>
        {fee ? (
          <>
            <dt>{t('receipt.fee')}</dt>
            <dd>
              {formatMoney(fee.amount, lang)} · {tKey(`feeMode.${fee.mode}`)}
              {fee.upiRef ? ` · ${fee.upiRef}` : ''}
            </dd>
          </>
        ) : null}
        <dt>{t('receipt.documents')}</dt>
        <dd>{envelope.documents.length}</dd>
        <dt>{t('receipt.status')}</dt>
        <dd>
          <span class={`badge badge--${filing.state}`} data-testid="receipt-state">
            {tKey(`state.${filing.state}`)}
          </span>
          {filing.applicationNo ? ` · ${t('filing.applicationNo', { no: filing.applicationNo })}` : ''}
        </dd>
        {filing.serverStatus ? (
          <>
            <dt>{t('filing.serverStatus')}</dt>
            <dd data-testid="receipt-server-status">
              {tKey(`serverStatus.${filing.serverStatus}`)}
              <StatusNote filing={filing} />
            </dd>
            <StatusDetails filing={filing} />
          </>
        ) : null}
      </dl>
      {filing.confirmation ? (
        <p class="receipt__confirmed" data-testid="receipt-confirmed">
          {t('receipt.confirmed', { no: filing.confirmation.applicationNo })}
        </p>
      ) : null}
      {device ? <ReceiptQr filing={filing} device={device} onText={setQrText} /> : null}
      {/* Which number to quote, and what happens next: the receipt number until the server gives the application its own. */}
      <p class="receipt__note" data-testid="receipt-note">
        {filing.confirmation ? t('receipt.keepNoteConfirmed', { no: filing.confirmation.applicationNo }) : t('receipt.keepNote', { no: filing.receiptNo })}
      </p>
      <ReceiptActions filing={filing} qrText={qrText} />
      <MobileCheck filing={filing} />
      <ReceiptDocuments filingId={filing.id} />
      <div class="actions">
        <button type="button" class="button button--primary" onClick={() => navigate({ name: 'new' })}>
          {t('home.newApplication')}
        </button>
        <a class="button" {...linkTo({ name: 'home' })}>
          {t('common.backHome')}
        </a>
      </div>
    </main>
  );
}
