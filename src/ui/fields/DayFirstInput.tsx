import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n-context';
import { dayFirst, parseDayFirst } from './day-first';

export interface DayFirstInputProps extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'type'> {
  id: string;
  /** YYYY-MM-DD, or text that is not yet a day. */
  value: string;
  /** The day as YYYY-MM-DD once the text is a whole real day; until then the text as typed. */
  onValue(value: string): void;
}

/**
 * A date typed day first (DD/MM/YYYY), whatever the browser's own locale: a native date
 * input shows mm/dd/yyyy in an en-US browser even on a Hindi page. A plain text input, so
 * it reads and types the same with a keyboard and a screen reader; the value it gives is
 * the YYYY-MM-DD the drafts and the wire always carried.
 */
export function DayFirstInput({ value, onValue, ...rest }: DayFirstInputProps) {
  const { t } = useI18n();
  const [text, setText] = useState(() => dayFirst(value));
  // A value from outside (a draft opened, another day chosen) replaces the text; the
  // operator's own typing is left as typed, so the caret never jumps.
  useEffect(() => {
    if ((parseDayFirst(text) ?? text) !== value) setText(dayFirst(value));
  }, [value]);
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      placeholder={t('dateInput.placeholder')}
      value={text}
      onInput={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        onValue(parseDayFirst(typed) ?? typed);
      }}
    />
  );
}
