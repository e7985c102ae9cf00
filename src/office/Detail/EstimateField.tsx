import type { Ref } from 'preact';
import { useOfficeText } from '../use-office-text';

/** The estimate in whole rupees, typed as a desk types it (parseRupees reads it). */
export function EstimateField({ value, error, inputRef, onValue }: { value: string; error?: string | undefined; inputRef?: Ref<HTMLInputElement>; onValue(value: string): void }) {
  const { text } = useOfficeText();
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for="action-estimate">{text('action.estimate')}</label>
      <p class="field__hint" id="action-estimate-hint">
        {text('action.estimateHint')}
      </p>
      <input
        type="text"
        id="action-estimate"
        name="estimateAmount"
        inputMode="numeric"
        autoComplete="off"
        ref={inputRef}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'action-estimate-hint action-estimate-error' : 'action-estimate-hint'}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
      />
      {error ? (
        <p class="field__error" id="action-estimate-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
