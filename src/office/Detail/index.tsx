import { useEffect, useRef, useState } from 'preact/hooks';
import { linkTo } from '../../ui/router';
import { rememberedBacklogPath } from '../backlog-query';
import { ClockText } from '../ClockText';
import { formatDate, formatDateTime, formatMoney } from '../../domain/format-dates';
import { useOfficeText } from '../use-office-text';
import { officeApi, type ApplicationDetail } from '../office-api';
import { useOfficeLoad } from '../session';
import { ApplicationFields } from './ApplicationFields';
import { DocumentLinks } from './DocumentLinks';
import { History } from './History';
import { Objections } from './Objections';
import { OtpPanel } from './OtpPanel';
import { TransitionForm, type MoveOutcome } from './TransitionForm';

/** One application: everything the office knows of it, and the next step. */
export function Detail({ id }: { id: string }) {
  const { t, tKey, text, errorText, lang } = useOfficeText();
  const detail = useOfficeLoad(() => officeApi.detail(id), [id]);
  const [outcome, setOutcome] = useState<MoveOutcome | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = detail.value !== undefined;

  // Arriving from the list, a screen reader starts at the application, not at the page top.
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  const back = (
    <a class="office-back" {...linkTo({ name: 'office', path: rememberedBacklogPath() })}>
      <span aria-hidden="true">← </span>
      {text('detail.back')}
    </a>
  );
  if (!detail.value) {
    return (
      <>
        {back}
        {detail.error ? (
          <p class="office-error" role="alert" data-testid="detail-error" data-code={detail.error.code}>
            {errorText(detail.error.code)}
          </p>
        ) : (
          <p class="loading">{t('common.loading')}</p>
        )}
      </>
    );
  }

  const application: ApplicationDetail = detail.value;
  const filingShas = new Set(application.envelope.documents.map((document) => document.sha256));
  const filingDocuments = application.documents.filter((document) => filingShas.has(document.sha256));
  return (
    <article class="office-detail" data-testid="detail" data-status={application.status} aria-busy={detail.loading}>
      {back}
      <h1 tabIndex={-1} ref={heading}>
        {text('detail.title', { no: application.applicationNo })}
      </h1>
      <p class="office-detail__name">{application.applicantName}</p>
      <p class="office-detail__status">
        <span class="badge office-status" data-testid="detail-status" data-status={application.status}>
          {t('receipt.status')}: {tKey(`serverStatus.${application.status}`)}
        </span>{' '}
        <ClockText daysLeft={application.daysLeft} breached={application.breached} />
      </p>
      <dl class="office-facts">
        <div>
          <dt>{t('receipt.number')}</dt>
          <dd>{application.receiptNo ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('receipt.type')}</dt>
          <dd>{tKey(`type.${application.type}`)}</dd>
        </div>
        <div>
          <dt>{text('detail.office')}</dt>
          <dd>{application.office}</dd>
        </div>
        <div>
          <dt>{text('detail.capturedAt')}</dt>
          <dd>{formatDateTime(application.envelope.capturedAt, lang)}</dd>
        </div>
        <div>
          <dt>{text('detail.receivedAt')}</dt>
          <dd>{formatDateTime(application.receivedAt, lang)}</dd>
        </div>
        <div>
          <dt>{text('detail.age')}</dt>
          <dd>{text('row.age', { n: application.ageDays })}</dd>
        </div>
        <div>
          <dt>{text('detail.clock')}</dt>
          <dd>{application.dueAt ? formatDateTime(application.dueAt, lang) : text('detail.noClock')}</dd>
        </div>
        {application.surveyDate ? (
          <div>
            <dt>{text('detail.surveyDate')}</dt>
            <dd data-testid="detail-survey-date">{formatDate(application.surveyDate, lang)}</dd>
          </div>
        ) : null}
        {application.estimateAmount !== null ? (
          <div>
            <dt>{text('detail.estimate')}</dt>
            <dd data-testid="detail-estimate">{formatMoney(application.estimateAmount, lang)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('receipt.mobile')}</dt>
          <dd>
            {application.mobile} · {application.mobileVerified ? `✓ ${text('row.mobileVerified')}` : text('row.mobileUnverified')}
          </dd>
        </div>
      </dl>

      <ApplicationFields envelope={application.envelope} />
      <section class="office-section" aria-labelledby="documents-title">
        <h2 id="documents-title">{text('detail.documents')}</h2>
        {filingDocuments.length ? <DocumentLinks documents={filingDocuments} /> : <p>{text('detail.noDocuments')}</p>}
      </section>
      <History events={application.history} />
      <Objections detail={application} />
      <OtpPanel detail={application} onChanged={detail.reload} />

      {outcome ? (
        <p class={outcome.kind === 'moved' ? 'office-done' : 'office-error'} role={outcome.kind === 'moved' ? 'status' : 'alert'} data-testid="action-outcome" data-kind={outcome.kind}>
          {outcome.kind === 'moved' ? text('action.done', { status: tKey(`serverStatus.${outcome.status}`) }) : errorText(outcome.code)}
        </p>
      ) : null}
      {application.next.length ? (
        // Keyed by the stage: after a move the form starts empty, offering the new stage's next steps.
        <TransitionForm
          key={application.status}
          detail={application}
          preferredDays={application.preferredSurveyDates}
          onDone={(done) => {
            setOutcome(done);
            // A refused move may mean someone else moved it first: show where it stands now.
            detail.reload();
          }}
        />
      ) : (
        <p class="notice" data-testid="action-final">
          {text('action.final')}
        </p>
      )}
    </article>
  );
}
