import { addDays, indiaDay } from '../../domain/dates';
import { formatDate, formatDateTime, formatMoney } from '../../domain/format-dates';
import { OBJECTION_ANSWER_DAYS, STATUSES, isFinal, type Status } from '../../domain/status';
import type { SeenStatus } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';
import type { MessageKey } from '../../i18n';

const isStatus = (status: string): status is Status => (STATUSES as readonly string[]).includes(status);

/**
 * The office's answer about one application, for the applicant: the stage and since when,
 * what to do next in plain words (the objection's words and the day to answer by, the
 * survey's day, the estimate to pay, the reason for a rejection), the service clock's
 * deadline, and — once missed — that compensation is owed. Unless `source` is `live`, the
 * answer is this phone's copy from an earlier visit, labelled with when it was fetched:
 * `asking` while the server is being asked again, `remembered` once it could not be reached.
 */
export function StatusPanel({ seen, source }: { seen: SeenStatus; source: 'live' | 'asking' | 'remembered' }) {
  const { t, tKey, lang } = useI18n();
  const status = seen.status;
  const known = isStatus(status);
  const date = (value: string) => formatDate(value, lang);
  // A stage's own words for the applicant; a stage this app does not know (a newer server's) gets the general one.
  const next = nextStep(seen, known ? status : undefined, { t, date, money: (n: number) => formatMoney(n, lang) });
  const clockRuns = !!seen.dueAt && !(known && isFinal(status));
  return (
    <section class="status-panel" data-testid="status-panel" data-status={status} data-source={source} aria-labelledby="status-panel-title">
      <h2 id="status-panel-title">{t('filing.serverStatus')}</h2>
      {source !== 'live' ? (
        <p class="status-panel__seen" data-testid="status-last-seen">
          {t(source === 'asking' ? 'statusPanel.lastSeenAsking' : 'statusPanel.lastSeen', { when: formatDateTime(seen.fetchedAt, lang) })}
        </p>
      ) : null}
      <p class="status-panel__stage" role="status" data-testid="status-stage">
        <strong>{tKey(`serverStatus.${status}`)}</strong>
        {seen.statusAt ? <span data-testid="status-since"> · {t('statusPanel.since', { date: date(seen.statusAt) })}</span> : null}
      </p>
      <dl class="status__facts">
        <dt>{t('statusPanel.applicationNo')}</dt>
        <dd data-testid="status-application-no">{seen.applicationNo}</dd>
        {status === 'survey_scheduled' && seen.surveyDate ? (
          <>
            <dt>{t('statusPanel.surveyDate')}</dt>
            <dd data-testid="status-survey-date">{date(seen.surveyDate)}</dd>
          </>
        ) : null}
        {seen.estimateAmount !== undefined && (status === 'estimate_issued' || status === 'estimate_paid') ? (
          <>
            <dt>{t('statusPanel.estimate')}</dt>
            <dd data-testid="status-estimate">{formatMoney(seen.estimateAmount, lang)}</dd>
          </>
        ) : null}
        {clockRuns ? (
          <>
            <dt>{t('statusPanel.dueBy')}</dt>
            <dd data-testid="status-due">{date(seen.dueAt!)}</dd>
          </>
        ) : null}
      </dl>
      {seen.applicantNote ? (
        <div class="status-panel__note" data-testid="status-note">
          <h3>{t(status === 'objection' ? 'statusPanel.objectionNote' : status === 'rejected' ? 'statusPanel.reason' : 'statusPanel.note')}</h3>
          <p>{seen.applicantNote}</p>
        </div>
      ) : null}
      <h3>{t('statusPanel.nextTitle')}</h3>
      <p data-testid="status-next">{next}</p>
      {seen.deadlineMissed ? (
        <div class="status-panel__missed" data-testid="deadline-missed">
          <h3>{t('statusPanel.missedTitle')}</h3>
          <p>{seen.dueAt ? t('statusPanel.missed', { date: date(seen.dueAt), no: seen.applicationNo }) : t('statusPanel.missedUndated', { no: seen.applicationNo })}</p>
        </div>
      ) : null}
    </section>
  );
}

interface Words {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  date(value: string): string;
  money(n: number): string;
}

/** What the applicant should do now, by stage. */
function nextStep(seen: SeenStatus, status: Status | undefined, { t, date, money }: Words): string {
  switch (status) {
    case 'objection':
      // The rules give 21 days from the objection; without its date the sentence goes without the day.
      return seen.statusAt ? t('statusPanel.next.objection', { date: date(addDays(indiaDay(seen.statusAt), OBJECTION_ANSWER_DAYS)) }) : t('statusPanel.next.objectionUndated');
    case 'survey_scheduled':
      return seen.surveyDate ? t('statusPanel.next.survey_scheduled', { date: date(seen.surveyDate) }) : t('statusPanel.next.surveyUndated');
    case 'estimate_issued':
      return seen.estimateAmount !== undefined ? t('statusPanel.next.estimate_issued', { amount: money(seen.estimateAmount), no: seen.applicationNo }) : t('statusPanel.next.estimateUnstated', { no: seen.applicationNo });
    case 'received':
    case 'under_review':
    case 'estimate_paid':
    case 'meter_installed':
    case 'connected':
    case 'rejected':
    case 'cancelled':
      return t(`statusPanel.next.${status}`);
    default:
      return t('statusPanel.next.other');
  }
}
