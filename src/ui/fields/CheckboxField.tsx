import { fieldId } from './field-ids';

export interface CheckboxFieldProps {
  path: string;
  label: string;
  checked: boolean;
  onChecked(checked: boolean): void;
  error?: string;
}

export function CheckboxField({ path, label, checked, onChecked, error }: CheckboxFieldProps) {
  const id = fieldId(path);
  return (
    <div class={`field field--checkbox${error ? ' field--error' : ''}`} data-path={path}>
      <input
        id={id}
        name={path}
        type="checkbox"
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChecked(event.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
