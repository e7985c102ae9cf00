import { describedBy, FieldFrame } from './Field';
import { fieldId } from './field-ids';

export interface SelectFieldProps {
  path: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  placeholder: string;
  onValue(value: string): void;
  onBlur?(): void;
  required?: boolean;
  hint?: string;
  error?: string;
}

export function SelectField(props: SelectFieldProps) {
  const { path, value, options, placeholder, onValue, onBlur, required } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={fieldId(path)}
        name={path}
        value={value}
        required={required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(path, props)}
        onChange={(event) => onValue(event.currentTarget.value)}
        onBlur={onBlur}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
