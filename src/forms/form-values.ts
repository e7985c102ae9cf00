import { NOTICE_VERSION } from '../domain/consent';
import { parseTypedNumber } from '../domain/digits';
import { feeFor } from '../domain/fees';
import type { FormValues } from '../store/types';
import type { FieldSpec, FormSpec, StepSpec } from './form-spec';

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      node[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(keys[index + 1]!);
    node[key] ??= nextIsIndex ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
}

function text(values: FormValues, path: string): string | undefined {
  const value = values[path];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A typed number, or the text itself if it is not one (so the schema can say why). */
function asNumber(raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  const number = parseTypedNumber(raw);
  return Number.isFinite(number) ? number : raw;
}

export function allFields(spec: FormSpec): FieldSpec[] {
  return spec.steps.flatMap((step) => step.fields);
}

export function isVisible(field: FieldSpec, values: FormValues): boolean {
  return !field.visibleIf || field.visibleIf(values);
}

/**
 * The request's data in its wire shape, from what the form holds. Empty fields are left
 * out (the schema then says "required"); hidden fields are not sent; the fee comes from
 * the fee table and the notice version from the domain, never from typing.
 */
export function toRequestData(spec: FormSpec, values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of allFields(spec)) {
    if (!isVisible(field, values)) continue;
    switch (field.kind) {
      case 'text':
        setPath(data, field.path, field.numeric ? asNumber(text(values, field.path)) : text(values, field.path));
        break;
      case 'select':
        setPath(data, field.path, text(values, field.path));
        break;
      case 'checkbox':
        setPath(data, field.path, values[field.path] === true);
        break;
      case 'id-proof':
        setPath(data, field.path, { type: text(values, `${field.path}.type`), last4: text(values, `${field.path}.last4`) });
        break;
      case 'fee-amount':
        setPath(data, field.path, feeFor(spec.feeQuery(values)));
        break;
    }
  }
  setPath(data, 'consent.noticeVersion', NOTICE_VERSION);
  return data;
}

/** Whether an issue at `issuePath` belongs to `fieldPath`: the same, or one inside the other. */
function related(issuePath: string, fieldPath: string): boolean {
  return issuePath === fieldPath || issuePath.startsWith(`${fieldPath}.`) || fieldPath.startsWith(`${issuePath}.`);
}

/** The step an issue is shown on (documents issues on the documents step). */
export function stepOfIssue(spec: FormSpec, issuePath: string): StepSpec | undefined {
  return spec.steps.find(
    (step) => (step.documents && issuePath.startsWith('documents')) || step.fields.some((field) => related(issuePath, field.path)),
  );
}

/** The value at a wire path (`connection.loadKw`, `survey.preferredDates.0`) of request data. */
function valueAt(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);
}

/**
 * A text field as the review shows it: once the data is valid, as the filing will carry it
 * (normalised by the domain: digits as 0-9, the mobile without +91, the load in whole kW),
 * which is what the office and the receipt show; until then as typed.
 */
export function reviewedText(path: string, values: FormValues, filed: unknown): string {
  const value = valueAt(filed, path);
  return value === undefined ? (text(values, path)?.trim() ?? '—') : String(value);
}

export function nameOf(spec: FormSpec, values: FormValues): string {
  const name = values[spec.namePath];
  return typeof name === 'string' ? name.trim() : '';
}
