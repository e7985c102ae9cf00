import { formatDateTime } from '../../domain/format-dates';
import { useOfficeText } from '../use-office-text';
import type { ApplicationDetail } from '../office-api';
import { DocumentLinks } from './DocumentLinks';

/** Each objection with its reason and outcome, and what the kiosk sent in answer. */
export function Objections({ detail }: { detail: ApplicationDetail }) {
  const { text, textKey, lang } = useOfficeText();
  const { objections, additions } = detail;
  const documentsOf = (shas: readonly string[]) => detail.documents.filter((document) => shas.includes(document.sha256));
  return (
    <section class="office-section" aria-labelledby="objections-title">
      <h2 id="objections-title">{text('detail.objections')}</h2>
      {!objections.length && !additions.length ? <p>{text('detail.noObjections')}</p> : null}
      {objections.map((objection) => (
        <article class="office-card" key={objection.id} data-testid="objection" data-open={String(!objection.closedAt)}>
          <h3>{text('objection.title', { at: formatDateTime(objection.raisedAt, lang) })}</h3>
          <dl class="office-facts">
            <div>
              <dt>{text('objection.reason')}</dt>
              <dd data-testid="objection-reason">{objection.reason}</dd>
            </div>
            <div>
              <dt>{text('objection.raisedBy')}</dt>
              <dd>{objection.raisedBy}</dd>
            </div>
            <div>
              <dt>{text('objection.answerDue')}</dt>
              <dd>{formatDateTime(objection.answerDueAt, lang)}</dd>
            </div>
            <div>
              <dt>{text('objection.outcome')}</dt>
              <dd>{objection.closedAt ? `${textKey(`objection.outcome.${objection.outcome}`)} · ${formatDateTime(objection.closedAt, lang)}` : text('objection.open')}</dd>
            </div>
          </dl>
        </article>
      ))}
      {additions.map((addition) => (
        <article class="office-card" key={addition.id} data-testid="addition">
          <h3>{text('addition.title', { at: formatDateTime(addition.receivedAt, lang) })}</h3>
          <dl class="office-facts">
            <div>
              <dt>{text('addition.text')}</dt>
              <dd>{addition.text}</dd>
            </div>
            <div>
              <dt>{text('addition.operator')}</dt>
              <dd>
                {addition.operatorId} · {addition.deviceId}
              </dd>
            </div>
          </dl>
          {addition.documents.length ? <DocumentLinks documents={documentsOf(addition.documents.map((document) => document.sha256))} /> : null}
        </article>
      ))}
    </section>
  );
}
