import { formatDate, formatMoney } from '../../domain/format-dates';
import type { Filing } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';

/**
 * What the office set for the applicant, learnt from the changes feed: the survey's day, the
 * estimate and the office's words for them, each under its own term of the receipt's list.
 * Nothing when the office set none of them.
 */
export function StatusDetails({ filing }: { filing: Pick<Filing, 'surveyDate' | 'estimateAmount' | 'applicantNote'> }) {
  const { t, lang } = useI18n();
  return (
    <>
      {filing.surveyDate ? (
        <>
          <dt>{t('filing.surveyDate')}</dt>
          <dd data-testid="receipt-survey-date" data-day={filing.surveyDate}>
            {formatDate(filing.surveyDate, lang)}
          </dd>
        </>
      ) : null}
      {filing.estimateAmount !== undefined ? (
        <>
          <dt>{t('filing.estimate')}</dt>
          <dd data-testid="receipt-estimate" data-amount={filing.estimateAmount}>
            {formatMoney(filing.estimateAmount, lang)}
          </dd>
        </>
      ) : null}
      {filing.applicantNote ? (
        <>
          <dt>{t('filing.applicantNote')}</dt>
          <dd data-testid="receipt-applicant-note" class="receipt__applicant-note">
            {filing.applicantNote}
          </dd>
        </>
      ) : null}
    </>
  );
}
