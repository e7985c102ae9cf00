import { useEffect, useState } from 'preact/hooks';
import { lastSeenStatus, rememberStatus, seenStatusOf } from '../../store/seen-statuses';
import type { SeenStatus } from '../../store/types';
import { useApp } from '../../ui/app-context';

/**
 * What the applicant's page can say of a receipt's status: the server's answer just now
 * (`live`), the last answer this phone kept when the server cannot be asked (`remembered`),
 * the server's "no such receipt" (`unknown`), or nothing at all (`never`: offline on the first
 * visit). `asking` may already hold the remembered answer, shown while the server is asked.
 */
export type ReceiptStatusState =
  | { kind: 'asking'; seen?: SeenStatus }
  | { kind: 'live'; seen: SeenStatus }
  | { kind: 'remembered'; seen: SeenStatus }
  | { kind: 'unknown' }
  | { kind: 'never' };

/** Asks the server for the receipt's status with its check code, and keeps each answer for offline visits. */
export function useReceiptStatus(receipt: { receiptNo: string; checkCode: string } | undefined): ReceiptStatusState {
  const { api, db } = useApp();
  const [state, setState] = useState<ReceiptStatusState>({ kind: 'asking' });
  const receiptNo = receipt?.receiptNo;
  const checkCode = receipt?.checkCode;
  useEffect(() => {
    if (!receiptNo || !checkCode) return;
    let current = true;
    setState({ kind: 'asking' });
    void (async () => {
      // A storage failure only costs the offline copy, never the live answer.
      const remembered = await lastSeenStatus(db, receiptNo).catch(() => undefined);
      if (!current) return;
      if (remembered) setState({ kind: 'asking', seen: remembered });
      const answer = await api.receiptStatus(receiptNo, checkCode);
      if (!current) return;
      if (answer === 'unknown') return setState({ kind: 'unknown' });
      if (!answer) return setState(remembered ? { kind: 'remembered', seen: remembered } : { kind: 'never' });
      const seen = seenStatusOf(answer, new Date().toISOString());
      setState({ kind: 'live', seen });
      await rememberStatus(db, seen).catch(() => undefined);
    })();
    return () => {
      current = false;
    };
  }, [receiptNo, checkCode]);
  return state;
}
