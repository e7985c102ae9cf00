import { decodeReceiptProof } from '../../domain/receipt/proof';
import { initialsOf, personOf } from '../../domain/person';
import type { RequestType } from '../../domain/requests';
import type { SavedReceipt } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { formatDate } from '../../domain/format-dates';

interface Listed {
  saved: SavedReceipt;
  type?: RequestType;
  initials?: string;
  capturedAt?: string;
  confirmed: boolean;
}

/** What each saved receipt says of itself, read back from its QR payload (nothing else is kept). */
async function listed(saved: SavedReceipt[]): Promise<Listed[]> {
  return Promise.all(
    saved.map(async (receipt) => {
      const proof = await decodeReceiptProof(receipt.payload);
      if (!proof) return { saved: receipt, confirmed: false };
      return { saved: receipt, type: proof.envelope.type, initials: initialsOf(personOf(proof.envelope).name), capturedAt: proof.envelope.capturedAt, confirmed: !!proof.confirmation };
    }),
  );
}

/** Receipts an applicant kept on this phone; each opens the verifying page again, offline too. */
export function MyReceipts() {
  const { db } = useApp();
  const { t, tKey, lang } = useI18n();
  const receipts = useLiveQuery(async () => listed(await db.savedReceipts.orderBy('savedAt').reverse().toArray()), []);
  return (
    <main>
      <h1>{t('myReceipts.title')}</h1>
      {receipts?.length ? (
        <ul class="list" data-testid="my-receipts">
          {receipts.map(({ saved, type, initials, capturedAt, confirmed }) => (
            <li class="list__item" key={saved.receiptNo} data-testid="my-receipt">
              <a href={`/r/#${saved.payload}`}>
                <span class="list__main">{type ? tKey(`type.${type}`) : saved.receiptNo}</span>
                {initials ? <span class="list__meta">{initials}</span> : null}
                <span class="list__meta">{saved.receiptNo}</span>
                <span class={`badge badge--${confirmed ? 'received' : 'pending'}`}>{confirmed ? t('myReceipts.confirmed') : t('myReceipts.provisional')}</span>
                <span class="list__meta">{formatDate(capturedAt ?? saved.savedAt, lang)}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('myReceipts.none')}</p>
      )}
    </main>
  );
}
