import type { FeeQuery } from '../domain/fees';
import type { RequestType } from '../domain/requests';
import type { MessageKey } from '../i18n';
import type { FormValues } from '../store/types';

interface BaseField {
  /** The wire path the value goes to (`applicant.mobile`); also the field's name and id. */
  path: string;
  label: MessageKey;
  hint?: MessageKey;
  required?: boolean;
  /** Shown (and sent) only when this holds, e.g. the UPI reference only for UPI payments. */
  visibleIf?(values: FormValues): boolean;
}

export type FieldSpec =
  | (BaseField & {
      kind: 'text';
      input?: 'text' | 'tel' | 'email' | 'date';
      inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email';
      autoComplete?: string;
      maxLength?: number;
      /** Sent as a number (loads in kW). A text input, not `number`: that one refuses Devanagari digits. */
      numeric?: boolean;
      multiline?: boolean;
      /** Advice that does not block the filing (a PIN outside the state). */
      warning?(values: FormValues): MessageKey | undefined;
    })
  | (BaseField & { kind: 'select'; options: readonly string[]; optionLabel(option: string): string })
  | (BaseField & { kind: 'checkbox'; notice?: MessageKey })
  /** An identity document: its type, and the full number checked then cut to its last four. */
  | (BaseField & { kind: 'id-proof' })
  /** The fee from the fee table, shown, not typed. */
  | { kind: 'fee-amount'; path: 'fee.amount'; label: MessageKey; visibleIf?: undefined; required?: undefined; hint?: undefined };

export interface StepSpec {
  id: string;
  title: MessageKey;
  fields: FieldSpec[];
  /** This step captures the request type's documents. */
  documents?: boolean;
}

export interface FormSpec {
  type: RequestType;
  title: MessageKey;
  steps: StepSpec[];
  defaults: FormValues;
  /** Where the name and mobile shown in lists come from. */
  namePath: string;
  feeQuery(values: FormValues): FeeQuery;
}

/** The review step closes every form; it has no fields of its own. */
export const REVIEW_STEP = 'review';
