import type { JSX } from 'preact';
import { describedBy, FieldFrame } from './Field';
import { fieldId } from './field-ids';

export interface TextFieldProps {
  path: string;
  label: string;
  value: string;
  onValue(value: string): void;
  onBlur?(): void;
  required?: boolean;
  hint?: string;
  error?: string;
  warning?: string;
  type?: 'text' | 'tel' | 'email';
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  maxLength?: number;
  min?: string;
  /** A few lines of free text (a reason) rather than one line. */
  multiline?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { path, value, onValue, onBlur, required, type = 'text', inputMode, autoComplete, maxLength, min, multiline } = props;
  const common = {
    id: fieldId(path),
    name: path,
    value,
    maxLength,
    required,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(path, props),
    onInput: (event: { currentTarget: { value: string } }) => onValue(event.currentTarget.value),
    onBlur,
  };
  return (
    <FieldFrame {...props}>
      {multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} autoComplete={autoComplete ?? 'off'} min={min} />
      )}
    </FieldFrame>
  );
}
