import { useI18n } from '../ui/i18n-context';
import { linkTo } from '../ui/router';

/** The way on from a receipt's page or a status link's: the receipts this phone keeps. */
export function MyReceiptsLink() {
  const { t } = useI18n();
  return (
    <p>
      <a class="button" {...linkTo({ name: 'receipts' })}>
        {t('myReceipts.title')}
      </a>
    </p>
  );
}
