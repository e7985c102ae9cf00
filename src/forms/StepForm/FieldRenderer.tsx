import { ID_PROOF_TYPES, type IdProofType } from '../../domain/identity/id-proof';
import { feeFor } from '../../domain/fees';
import { useI18n, type I18n } from '../../ui/i18n-context';
import { roundedLoad } from '../shared-fields';
import type { FormValues } from '../../store/types';
import type { FieldSpec, FormSpec } from '../form-spec';
import { CheckboxField } from '../../ui/fields/CheckboxField';
import { IdNumberField } from '../../ui/fields/IdNumberField';
import { SelectField } from '../../ui/fields/SelectField';
import { TextField } from '../../ui/fields/TextField';
import { DateField } from '../../ui/fields/DateField';
import { formatNumber } from '../../domain/format-dates';

export interface FieldRendererProps {
  spec: FormSpec;
  field: FieldSpec;
  values: FormValues;
  set(path: string, value: string | boolean): void;
  touch(path: string): void;
  errorOf(path: string): string | undefined;
}

const stringAt = (values: FormValues, path: string): string => {
  const value = values[path];
  return typeof value === 'string' ? value : '';
};

/** The spec's advice for a field, or for a load that will be filed rounded up (said while typing, not only at review). */
function warningOf(field: Extract<FieldSpec, { kind: 'text' }>, values: FormValues, t: I18n['t']): string | undefined {
  const key = field.warning?.(values);
  if (key) return t(key);
  const rounded = field.numeric ? roundedLoad(values, field.path) : undefined;
  return rounded ? t('form.load.rounded', rounded) : undefined;
}

/** One field of a form spec, drawn with the shared field components. */
export function FieldRenderer({ spec, field, values, set, touch, errorOf }: FieldRendererProps) {
  const { t, tKey, lang } = useI18n();
  if (field.visibleIf && !field.visibleIf(values)) return null;
  const common = {
    path: field.path,
    label: t(field.label),
    required: field.required,
    hint: field.hint ? t(field.hint) : undefined,
    error: errorOf(field.path),
  };
  switch (field.kind) {
    case 'text':
      if (field.input === 'date') return <DateField {...common} value={stringAt(values, field.path)} onValue={(value) => set(field.path, value)} onBlur={() => touch(field.path)} />;
      return (
        <TextField
          {...common}
          multiline={field.multiline}
          type={field.input}
          inputMode={field.inputMode}
          autoComplete={field.autoComplete}
          maxLength={field.maxLength}
          warning={warningOf(field, values, t)}
          value={stringAt(values, field.path)}
          onValue={(value) => set(field.path, value)}
          onBlur={() => touch(field.path)}
        />
      );
    case 'select':
      return (
        <SelectField
          {...common}
          placeholder={t('form.choose')}
          options={field.options.map((option) => ({ value: option, label: tKey(field.optionLabel(option)) }))}
          value={stringAt(values, field.path)}
          onValue={(value) => set(field.path, value)}
          onBlur={() => touch(field.path)}
        />
      );
    case 'checkbox':
      return (
        <>
          {field.notice ? <p class="notice">{t(field.notice)}</p> : null}
          <CheckboxField path={field.path} label={t(field.label)} checked={values[field.path] === true} onChecked={(checked) => set(field.path, checked)} error={common.error} />
        </>
      );
    case 'id-proof': {
      const typePath = `${field.path}.type`;
      const last4Path = `${field.path}.last4`;
      const type = stringAt(values, typePath);
      return (
        <>
          <SelectField
            path={typePath}
            label={t(field.label)}
            required
            placeholder={t('form.choose')}
            options={ID_PROOF_TYPES.map((option) => ({ value: option, label: tKey(`idType.${option}`) }))}
            value={type}
            onValue={(value) => {
              set(typePath, value);
              set(last4Path, '');
            }}
            onBlur={() => touch(typePath)}
            error={errorOf(typePath)}
          />
          <IdNumberField path={last4Path} type={type as IdProofType | ''} last4={stringAt(values, last4Path)} onLast4={(last4) => set(last4Path, last4)} error={errorOf(last4Path)} />
        </>
      );
    }
    case 'fee-amount':
      return <p class="fee-amount">{t(field.label, { amount: formatNumber(feeFor(spec.feeQuery(values)), lang) })}</p>;
  }
}
