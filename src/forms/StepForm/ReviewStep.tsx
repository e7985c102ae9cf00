import { feeFor } from '../../domain/fees';
import { formatMoney } from '../../domain/format-dates';
import { maskIdNumber, type IdProofType } from '../../domain/identity/id-proof';
import type { ValidationIssue } from '../../domain/validation-codes';
import { useI18n, type I18n } from '../../ui/i18n-context';
import type { FormValues, StoredDocument } from '../../store/types';
import { DocumentGallery } from '../../ui/documents/DocumentGallery';
import type { FieldSpec, FormSpec } from '../form-spec';
import { isVisible, reviewedText, stepOfIssue } from '../form-values';
import { roundedLoad } from '../shared-fields';
import { shownText } from '../shown-text';

function shown(field: FieldSpec, spec: FormSpec, values: FormValues, filed: unknown, { t, tKey, lang }: I18n): string {
  const value = values[field.path];
  switch (field.kind) {
    case 'fee-amount':
      return formatMoney(feeFor(spec.feeQuery(values)), lang);
    case 'checkbox':
      return value === true ? t('common.yes') : t('common.no');
    case 'select':
      return typeof value === 'string' && value ? tKey(field.optionLabel(value)) : '—';
    case 'id-proof': {
      const type = values[`${field.path}.type`];
      const last4 = values[`${field.path}.last4`];
      if (typeof type !== 'string' || !type) return '—';
      return `${tKey(`idType.${type}`)} ${typeof last4 === 'string' && last4 ? maskIdNumber(type as IdProofType, last4) : '—'}`;
    }
    case 'text': {
      // As the filing will carry it (normalised), in the reader's form (dates day first, in words).
      const text = reviewedText(field.path, values, filed);
      return text === '—' ? text : shownText(field, text, lang);
    }
  }
}

export interface ReviewStepProps {
  spec: FormSpec;
  values: FormValues;
  /** The request data as the filing will carry it, when it is valid. */
  filed?: unknown;
  documents: readonly StoredDocument[];
  issues: readonly ValidationIssue[];
  /** List the steps that still need something (the review is where that is summed up). */
  showProblems: boolean;
  onEdit(stepId: string): void;
}

/** Everything the operator entered, step by step, with the documents, before the receipt is made. */
export function ReviewStep({ spec, values, filed, documents, issues, showProblems, onEdit }: ReviewStepProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const problemSteps = new Set(issues.map((issue) => stepOfIssue(spec, issue.path)?.id));
  return (
    <div class="review">
      {showProblems && issues.length ? (
        <div class="form__summary" role="alert" data-testid="review-problems">
          <p>{t('form.fixErrors', { n: issues.length })}</p>
          <ul>
            {spec.steps
              .filter((step) => problemSteps.has(step.id))
              .map((step) => (
                <li key={step.id}>
                  <button type="button" class="link-button" onClick={() => onEdit(step.id)}>
                    {t(step.title)}
                  </button>
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      {spec.steps.map((step) => (
        <section class="review__step" key={step.id} aria-labelledby={`review-${step.id}`}>
          <div class="review__head">
            <h3 id={`review-${step.id}`}>{t(step.title)}</h3>
            <button type="button" class="button button--small" onClick={() => onEdit(step.id)}>
              {t('form.edit')}
              <span class="visually-hidden"> {t(step.title)}</span>
            </button>
          </div>
          {step.documents ? (
            documents.length ? (
              <DocumentGallery documents={documents} />
            ) : (
              <p>{t('documents.none')}</p>
            )
          ) : (
            <dl class="review__fields">
              {step.fields
                .filter((field) => isVisible(field, values))
                .map((field) => {
                  const rounded = field.kind === 'text' && field.numeric ? roundedLoad(values, field.path) : undefined;
                  return (
                    <div key={field.path} class="review__field" data-path={field.path}>
                      <dt>{t(field.kind === 'fee-amount' ? 'form.fee' : field.label, { amount: '' })}</dt>
                      <dd>
                        {shown(field, spec, values, filed, i18n)}
                        {rounded ? <span class="review__note">{t('form.load.rounded', rounded)}</span> : null}
                      </dd>
                    </div>
                  );
                })}
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}
