import type { Ref } from 'preact';
import { formatDate } from '../../domain/format-dates';
import { SURVEY_WINDOW_DAYS, surveyWindow } from '../../domain/transition';
import { useOfficeText } from '../use-office-text';
import { windowWords } from './issue-text';
import { surveyChoices } from './transition-draft';

export interface SurveyDayFieldProps {
  /** The applicant's preferred days, as filed. */
  preferred: readonly string[];
  value: string;
  now: Date | number;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  onValue(day: string): void;
}

/**
 * The survey's day: the applicant's own days first, as radio buttons (one outside the
 * window stays in sight, disabled, saying why), then a date picker bounded by the window.
 * Both set the one value, so choosing a day in the picker that the applicant asked for
 * checks its button, and the request carries a day, not words in a note.
 */
export function SurveyDayField({ preferred, value, now, error, inputRef, onValue }: SurveyDayFieldProps) {
  const { text, lang } = useOfficeText();
  const window = surveyWindow(now);
  const choices = surveyChoices(preferred, now);
  const errorId = 'action-survey-date-error';
  return (
    <fieldset class={`field office-survey${error ? ' field--error' : ''}`} data-testid="survey-day" aria-describedby={`action-survey-hint${error ? ` ${errorId}` : ''}`}>
      <legend>{text('action.surveyDay')}</legend>
      <p class="field__hint" id="action-survey-hint">
        {text('action.surveyDayHint', windowWords(lang, now))}
      </p>
      {choices.length ? (
        <ul class="office-survey__choices">
          {choices.map((choice, index) => {
            const id = `action-survey-pref-${index + 1}`;
            const reason = choice.outside === 'past' ? text('action.dayPast') : choice.outside === 'beyond' ? text('action.dayBeyond', { days: SURVEY_WINDOW_DAYS }) : '';
            return (
              <li key={choice.day} data-testid="survey-choice" data-day={choice.day} data-outside={choice.outside ?? ''}>
                <input
                  type="radio"
                  id={id}
                  name="survey-choice"
                  value={choice.day}
                  checked={value === choice.day}
                  disabled={!!choice.outside}
                  aria-describedby={reason ? `${id}-why` : undefined}
                  onChange={() => onValue(choice.day)}
                />
                <label for={id}>{text('action.preferredDay', { n: index + 1, day: formatDate(choice.day, lang) })}</label>
                {reason ? (
                  <span class="field__hint" id={`${id}-why`}>
                    {reason}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="field__hint">{text('action.noPreferredDays')}</p>
      )}
      <label for="action-survey-date">{text('action.otherDay')}</label>
      <input
        type="date"
        id="action-survey-date"
        name="surveyDate"
        ref={inputRef}
        min={window.first}
        max={window.last}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
      />
      {error ? (
        <p class="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
