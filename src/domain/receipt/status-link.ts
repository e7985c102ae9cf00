import { normaliseCheckCode } from './check-code';
import { parseReceiptNo } from '../receipt-number';

/**
 * The short link an SMS carries to the applicant's status page: `/s/#{receiptNo}.{check}`.
 * A receipt's QR opens `/r/#{proof}`, too long for an SMS; this one holds only what the
 * public lookup asks for (the number and its check code), in the fragment, so it is never
 * sent to a server log. Whoever has the SMS already holds the receipt's check code.
 */
export function statusLinkPath(receiptNo: string, checkCode: string): string {
  return `/s/#${receiptNo}.${checkCode.replace(/-/g, '')}`;
}

/** The number and check code of a status link's fragment (without `#`), or undefined if it is not one. */
export function parseStatusLinkFragment(fragment: string): { receiptNo: string; checkCode: string } | undefined {
  const dot = fragment.lastIndexOf('.');
  if (dot < 0) return undefined;
  const receiptNo = decodeURIComponent(fragment.slice(0, dot));
  const checkCode = normaliseCheckCode(fragment.slice(dot + 1));
  if (!checkCode || !parseReceiptNo(receiptNo)) return undefined;
  return { receiptNo, checkCode };
}
