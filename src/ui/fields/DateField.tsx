import { useI18n } from '../i18n-context';
import { DayFirstInput } from './DayFirstInput';
import { describedBy, FieldFrame } from './Field';
import { fieldId } from './field-ids';
import type { TextFieldProps } from './TextField';

/** As a text field's; `value` is YYYY-MM-DD, or what was typed while it is not yet a day (validation then says so). */
export type DateFieldProps = Pick<TextFieldProps, 'path' | 'label' | 'value' | 'onValue' | 'onBlur' | 'required' | 'hint' | 'error' | 'warning'>;

/** A form's date, typed day first, with the format always in sight and read out with the label. */
export function DateField(props: DateFieldProps) {
  const { t } = useI18n();
  const id = fieldId(props.path);
  return (
    <FieldFrame {...props}>
      <p class="field__hint" id={`${id}-format`}>
        {t('dateInput.format')}
      </p>
      <DayFirstInput
        id={id}
        name={props.path}
        value={props.value}
        onValue={props.onValue}
        onBlur={props.onBlur}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={[`${id}-format`, describedBy(props.path, props)].filter(Boolean).join(' ')}
      />
    </FieldFrame>
  );
}
