import { parseTypedNumber } from '../domain/digits';
import { FEE_MODES, loadKw, RELATIONS, SMS_LANGUAGES } from '../domain/requests/common';
import type { FormValues } from '../store/types';
import type { FieldSpec, StepSpec } from './form-spec';

/** Someone who applies or takes over a connection: name, relative, mobile, email, SMS language, identity. */
export function personFields(prefix: string): FieldSpec[] {
  return [
    { kind: 'text', path: `${prefix}.name`, label: 'form.name', hint: 'form.name.hint', required: true, maxLength: 100, autoComplete: 'name' },
    { kind: 'text', path: `${prefix}.relativeName`, label: 'form.relativeName', maxLength: 100 },
    { kind: 'select', path: `${prefix}.relation`, label: 'form.relation', options: RELATIONS, optionLabel: (option) => `relation.${option}` },
    ...contactFields(prefix).slice(1),
    { kind: 'id-proof', path: `${prefix}.idProof`, label: 'form.idType', required: true },
  ];
}

/** Someone to tell about progress: name, mobile, email, and the language of the status SMS (left out, Hindi). */
export function contactFields(prefix: string): FieldSpec[] {
  return [
    { kind: 'text', path: `${prefix}.name`, label: 'form.name', hint: 'form.name.hint', required: true, maxLength: 100, autoComplete: 'name' },
    {
      kind: 'text',
      path: `${prefix}.mobile`,
      label: 'form.mobile',
      hint: 'form.mobile.hint',
      required: true,
      input: 'tel',
      inputMode: 'tel',
      autoComplete: 'tel',
      maxLength: 16,
    },
    { kind: 'text', path: `${prefix}.email`, label: 'form.email', input: 'email', inputMode: 'email', autoComplete: 'email', maxLength: 254 },
    { kind: 'select', path: `${prefix}.smsLanguage`, label: 'form.smsLanguage', hint: 'form.smsLanguage.hint', options: SMS_LANGUAGES, optionLabel: (option) => `smsLanguage.${option}` },
  ];
}

export const accountNoField: FieldSpec = {
  kind: 'text',
  path: 'account.accountNo',
  label: 'form.accountNo',
  hint: 'form.accountNo.hint',
  required: true,
  inputMode: 'numeric',
  maxLength: 12,
};

export const reasonField: FieldSpec = { kind: 'text', path: 'reason', label: 'form.reason', required: true, maxLength: 500, multiline: true };

export const documentsStep: StepSpec = { id: 'documents', title: 'form.step.documents', fields: [], documents: true };

export const feeAndConsentStep: StepSpec = {
  id: 'fee',
  title: 'form.step.fee',
  fields: [
    { kind: 'fee-amount', path: 'fee.amount', label: 'form.feeAmount' },
    { kind: 'select', path: 'fee.mode', label: 'form.feeMode', required: true, options: FEE_MODES, optionLabel: (option) => `feeMode.${option}` },
    { kind: 'text', path: 'fee.upiRef', label: 'form.upiRef', required: true, maxLength: 35, visibleIf: (values: FormValues) => values['fee.mode'] === 'upi' },
    { kind: 'checkbox', path: 'consent.given', label: 'consent.agree', notice: 'consent.notice' },
  ],
};

export const FEE_DEFAULTS: FormValues = { 'fee.mode': 'cash' };

/** A load typed as text, as the filing will carry it (the domain's whole kW), or undefined if it is none. */
export function typedLoad(values: FormValues, path: string): number | undefined {
  const parsed = loadKw.safeParse(parseTypedNumber(String(values[path] ?? '')));
  return parsed.success ? parsed.data : undefined;
}

/** A typed load the filing will carry rounded up (2.5 → 3 kW), so the operator is told; undefined when it stays as typed. */
export function roundedLoad(values: FormValues, path: string): { typed: number; kw: number } | undefined {
  const kw = typedLoad(values, path);
  const typed = parseTypedNumber(String(values[path] ?? ''));
  return kw !== undefined && kw !== typed ? { typed, kw } : undefined;
}
