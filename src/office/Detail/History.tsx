import { formatDateTime } from '../../domain/format-dates';
import { useOfficeText } from '../use-office-text';
import type { HistoryEvent } from '../office-api';

/** The event log, oldest first: what happened, the note, who and when. */
export function History({ events }: { events: readonly HistoryEvent[] }) {
  const { text, textKey, tKey, lang } = useOfficeText();
  const what = (event: HistoryEvent) => (event.kind === 'status_changed' && event.status ? tKey(`serverStatus.${event.status}`) : textKey(`event.${event.kind}`).replace(/^event\./, ''));
  return (
    <section class="office-section" aria-labelledby="history-title">
      <h2 id="history-title">{text('detail.history')}</h2>
      <ol class="office-history">
        {events.map((event) => (
          <li key={event.seq} data-testid="history-event" data-kind={event.kind} data-status={event.status ?? ''}>
            <strong class="office-history__what">{what(event)}</strong>
            {event.note ? <p class="office-history__note">{event.note}</p> : null}
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
