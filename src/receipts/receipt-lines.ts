import { receiptCheckCode } from '../domain/receipt/check-code';
import { maskIdNumber } from '../domain/identity/id-proof';
import { maskMobile } from '../domain/identity/mobile';
import { accountOf, feeOf, idProofOf, personOf } from '../domain/person';
import type { I18n } from '../ui/i18n-context';
import type { Filing } from '../store/types';
import { formatDateTime, formatMoney } from '../domain/format-dates';

export interface ReceiptLine {
  label: string;
  value: string;
}

/** What a receipt says, line by line, in the current language: the same for screen, print, PDF and image. */
export function receiptLines(filing: Filing, { t, tKey, lang }: Pick<I18n, 't' | 'tKey' | 'lang'>): ReceiptLine[] {
  const { envelope } = filing;
  const person = personOf(envelope);
  const proof = idProofOf(envelope);
  const account = accountOf(envelope);
  const fee = feeOf(envelope);
  const lines: ReceiptLine[] = [
    { label: t('receipt.number'), value: filing.receiptNo },
    // What the holder types or the /r/ page sends to ask the server about this receipt.
    ...(envelope.receipt?.signature ? [{ label: t('receipt.checkCode'), value: receiptCheckCode(envelope.receipt.signature) }] : []),
    { label: t('receipt.capturedAt'), value: formatDateTime(envelope.capturedAt, lang) },
    { label: t('receipt.type'), value: tKey(`type.${envelope.type}`) },
    { label: t('receipt.applicant'), value: person.name },
    { label: t('receipt.mobile'), value: maskMobile(person.mobile) },
  ];
  if (proof) lines.push({ label: t('receipt.idProof'), value: `${tKey(`idType.${proof.type}`)} ${maskIdNumber(proof.type, proof.last4)}` });
  if (account) lines.push({ label: t('form.accountNo'), value: account.accountNo });
  if (fee) lines.push({ label: t('receipt.fee'), value: `${formatMoney(fee.amount, lang)} · ${tKey(`feeMode.${fee.mode}`)}${fee.upiRef ? ` · ${fee.upiRef}` : ''}` });
  lines.push({ label: t('receipt.operator'), value: envelope.operatorId });
  if (filing.confirmation) lines.push({ label: t('receipt.applicationNo'), value: filing.confirmation.applicationNo });
  return lines;
}
