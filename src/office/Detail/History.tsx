import { noteTexts } from '../../i18n/status-note';
import { formatDate, formatDateTime, formatMoney } from '../../domain/format-dates';
import { useOfficeText } from '../use-office-text';
import type { HistoryEvent } from '../office-api';

/**
 * The event log, oldest first: what happened, the note, who and when. On a move, the system's
 * note is rendered from its code and free text is the officer's, labelled so; the survey's
 * day, the estimate and the words for the applicant follow, each labelled, so the office's
 * own note is never mistaken for what the applicant was told. On another event (an answer
 * from the kiosk) the free text is the applicant's, shown as it came.
 */
export function History({ events }: { events: readonly HistoryEvent[] }) {
  const { text, textKey, tKey, lang } = useOfficeText();
  const notes = (event: HistoryEvent) =>
    event.kind === 'status_changed' ? noteTexts(text, event) : [...noteTexts(text, { ...event, note: null }), ...(event.note ? [event.note] : [])];
  const what = (event: HistoryEvent) => (event.kind === 'status_changed' && event.status ? tKey(`serverStatus.${event.status}`) : textKey(`event.${event.kind}`).replace(/^event\./, ''));
  return (
    <section class="office-section" aria-labelledby="history-title">
      <h2 id="history-title">{text('detail.history')}</h2>
      <ol class="office-history">
        {events.map((event) => (
          <li key={event.seq} data-testid="history-event" data-kind={event.kind} data-status={event.status ?? ''}>
            <strong class="office-history__what">{what(event)}</strong>
            {event.surveyDate ? (
              <p class="office-history__detail" data-testid="history-survey-date" data-day={event.surveyDate}>
                {text('history.surveyDate', { day: formatDate(event.surveyDate, lang) })}
              </p>
            ) : null}
            {typeof event.estimateAmount === 'number' ? (
              <p class="office-history__detail" data-testid="history-estimate" data-amount={event.estimateAmount}>
                {text('history.estimate', { amount: formatMoney(event.estimateAmount, lang) })}
              </p>
            ) : null}
            {notes(event).map((note) => (
              <p class="office-history__note" key={note}>
                {note}
              </p>
            ))}
            {event.applicantNote ? (
              <p class="office-history__note office-history__note--applicant" data-testid="history-applicant-note">
                {text('history.applicantNote', { note: event.applicantNote })}
              </p>
            ) : null}
            <p class="office-history__when">
              <time dateTime={event.at}>{formatDateTime(event.at, lang)}</time>
              {event.actor ? ` · ${text('detail.by', { actor: event.actor })}` : ''}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
