import { useI18n } from '../../ui/i18n-context';
import type { MessageKey } from '../../i18n';

export interface StepperProps {
  steps: readonly { id: string; title: MessageKey }[];
  current: string;
  /** Steps with something to fix that the operator has already been told about. */
  withProblems: ReadonlySet<string>;
  onGo(stepId: string): void;
}

/** The list of steps: any step can be left and returned to. */
export function Stepper({ steps, current, withProblems, onGo }: StepperProps) {
  const { t } = useI18n();
  return (
    <nav class="stepper" aria-label={t('form.steps')}>
      <ol>
        {steps.map((step, index) => (
          <li key={step.id}>
            <button
              type="button"
              class={`stepper__step${withProblems.has(step.id) ? ' stepper__step--problem' : ''}`}
              aria-current={step.id === current ? 'step' : undefined}
              // Keep focus where it is until the click lands (a blur could move this button).
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onGo(step.id)}
            >
              <span class="stepper__number" aria-hidden="true">
                {index + 1}
              </span>
              <span class="stepper__title">{t(step.title)}</span>
              {withProblems.has(step.id) ? <span class="visually-hidden"> — {t('form.stepHasProblems')}</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
