import { receiptCheckCode } from '../domain/receipt/check-code';
import { maskIdNumber, type IdProofType } from '../domain/identity/id-proof';
import { maskMobile } from '../domain/identity/mobile';
import { personOf } from '../domain/person';
import type { I18n } from '../app/i18n-context';
import type { Filing } from '../store/types';

export interface ReceiptLine {
  label: string;
  value: string;
}

/** What a receipt says, line by line, in the current language: the same for screen, print, PDF and image. */
export function receiptLines(filing: Filing, { t, tKey }: Pick<I18n, 't' | 'tKey'>): ReceiptLine[] {
  const { envelope } = filing;
  const person = personOf(envelope);
  const data = envelope.data as {
    fee: { amount: number; mode: string; upiRef?: string };
    account?: { accountNo: string };
    applicant?: { idProof?: { type: IdProofType; last4: string } };
    newOwner?: { idProof?: { type: IdProofType; last4: string } };
  };
  const proof = data.newOwner?.idProof ?? data.applicant?.idProof;
  const lines: ReceiptLine[] = [
    { label: t('receipt.number'), value: filing.receiptNo },
    // What the holder types or the /r/ page sends to ask the server about this receipt.
    ...(envelope.receipt?.signature ? [{ label: t('receipt.checkCode'), value: receiptCheckCode(envelope.receipt.signature) }] : []),
    { label: t('receipt.capturedAt'), value: new Date(envelope.capturedAt).toLocaleString('en-IN', { timeZone: 'Asia/Kolkata' }) },
    { label: t('receipt.type'), value: tKey(`type.${envelope.type}`) },
    { label: t('receipt.applicant'), value: person.name },
    { label: t('receipt.mobile'), value: maskMobile(person.mobile) },
  ];
  if (proof) lines.push({ label: t('receipt.idProof'), value: `${tKey(`idType.${proof.type}`)} ${maskIdNumber(proof.type, proof.last4)}` });
  if (data.account) lines.push({ label: t('form.accountNo'), value: data.account.accountNo });
  lines.push({ label: t('receipt.fee'), value: `₹${data.fee.amount} · ${tKey(`feeMode.${data.fee.mode}`)}${data.fee.upiRef ? ` · ${data.fee.upiRef}` : ''}` });
  lines.push({ label: t('receipt.operator'), value: envelope.operatorId });
  if (filing.confirmation) lines.push({ label: t('receipt.applicationNo'), value: filing.confirmation.applicationNo });
  return lines;
}
