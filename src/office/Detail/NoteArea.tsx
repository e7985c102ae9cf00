import type { Ref } from 'preact';
import { useOfficeText } from '../use-office-text';

export interface NoteAreaProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  maxLength: number;
  required?: boolean;
  error?: string | undefined;
  inputRef?: Ref<HTMLTextAreaElement>;
  onValue(value: string): void;
}

/**
 * A note of the move: its label and hint say who reads it, a counter shows what is left
 * of its limit (read with the field, not announced at each key), and its error sits under it.
 */
export function NoteArea({ id, label, hint, value, maxLength, required, error, inputRef, onValue }: NoteAreaProps) {
  const { text } = useOfficeText();
  const described = [`${id}-hint`, `${id}-count`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <p class="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea
        id={id}
        name={id}
        ref={inputRef}
        maxLength={maxLength}
        required={required}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)}
      />
      <p class="field__hint office-counter" id={`${id}-count`} data-testid={`${id}-count`}>
        {text('action.counter', { n: value.length, max: maxLength })}
      </p>
      {error ? (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
