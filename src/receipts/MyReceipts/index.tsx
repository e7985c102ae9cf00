import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { formatDate } from '../../domain/format-dates';

/** Receipts an applicant kept on this phone; each opens the verifying page again, offline too. */
export function MyReceipts() {
  const { db } = useApp();
  const { t, lang } = useI18n();
  const saved = useLiveQuery(() => db.savedReceipts.orderBy('savedAt').reverse().toArray(), []);
  return (
    <main>
      <h1>{t('myReceipts.title')}</h1>
      {saved?.length ? (
        <ul class="list" data-testid="my-receipts">
          {saved.map((receipt) => (
            <li class="list__item" key={receipt.receiptNo}>
              <a href={`/r/#${receipt.payload}`}>
                <span class="list__main">{receipt.receiptNo}</span>
                <span class="list__meta">{formatDate(receipt.savedAt, lang)}</span>
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
