import { useState } from 'preact/hooks';
import { maskIdNumber, readIdNumber, type IdProofType } from '../../domain/identity/id-proof';
import { useI18n } from '../i18n-context';
import { describedBy, FieldFrame } from './Field';
import { fieldId } from './field-ids';

export interface IdNumberFieldProps {
  path: string;
  type: IdProofType | '';
  last4: string;
  onLast4(last4: string): void;
  error?: string;
}

/**
 * The full identity number lives only in this component's memory while it is typed:
 * it is checked (Verhoeff for Aadhaar), and only its last four characters leave here.
 * Nothing else — the draft, the filing, the server — ever sees the full number.
 */
export function IdNumberField({ path, type, last4, onLast4, error }: IdNumberFieldProps) {
  const { t, tKey } = useI18n();
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState(false);
  const check = type && typed ? readIdNumber(type, typed) : undefined;
  // While a number is typed, its own check speaks (once the field is left, or once the form
  // has been asked to move on, which is when `error` arrives); an empty field shows `error`.
  const ownError = check && !check.ok ? tKey(`validation.${check.code}`) : undefined;
  const shownError = typed ? (touched || error ? ownError : undefined) : error;
  const hint = type && last4 ? t('form.idNumber.saved', { masked: maskIdNumber(type, last4) }) : t('form.idNumber.hint');
  return (
    <FieldFrame path={path} label={t('form.idNumber')} required hint={hint} error={shownError}>
      <input
        id={fieldId(path)}
        name="id-number-not-stored"
        type="text"
        inputMode={type === 'aadhaar' ? 'numeric' : 'text'}
        autoComplete="off"
        spellcheck={false}
        disabled={!type}
        value={typed}
        placeholder={type && last4 ? maskIdNumber(type, last4) : ''}
        aria-invalid={shownError ? 'true' : undefined}
        aria-describedby={describedBy(path, { hint, error: shownError })}
        onInput={(event) => {
          const value = event.currentTarget.value;
          setTyped(value);
          const result = type ? readIdNumber(type, value) : undefined;
          onLast4(result?.ok ? result.last4 : '');
        }}
        onBlur={() => setTouched(true)}
      />
    </FieldFrame>
  );
}
