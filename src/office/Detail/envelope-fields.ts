import type { Envelope } from '../../domain/envelope';
import { maskIdNumber, type IdProofType } from '../../domain/identity/id-proof';
import type { RequestType } from '../../domain/requests';
import type { FieldSpec } from '../../forms/form-spec';
import { shownText } from '../../forms/shown-text';
import { formatMoney } from '../../domain/format-dates';
import { FORMS } from '../../forms/registry';
import type { OfficeText } from '../use-office-text';

export interface FieldRow {
  path: string;
  label: string;
  value: string;
}

export interface FieldGroup {
  id: string;
  title: string;
  rows: FieldRow[];
}

type Leaf = string | number | boolean;

/** `{ applicant: { name } }` → `applicant.name`, arrays by index, as the form specs name them. */
function leavesOf(value: unknown, prefix: string, into: Map<string, Leaf>): Map<string, Leaf> {
  if (value === null || value === undefined) return into;
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leavesOf(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value as Leaf);
  }
  return into;
}

/** One field of the form, as the office reads it; marks the leaves it used. */
function rowOf(field: FieldSpec, leaves: Map<string, Leaf>, used: Set<string>, { t, tKey, lang }: OfficeText): FieldRow | undefined {
  if (field.kind === 'id-proof') {
    const type = leaves.get(`${field.path}.type`);
    const last4 = leaves.get(`${field.path}.last4`);
    if (type === undefined) return undefined;
    used.add(`${field.path}.type`).add(`${field.path}.last4`);
    return { path: field.path, label: t(field.label), value: `${tKey(`idType.${type}`)} ${last4 === undefined ? '' : maskIdNumber(type as IdProofType, String(last4))}`.trim() };
  }
  const value = leaves.get(field.path);
  if (value === undefined) return undefined;
  used.add(field.path);
  switch (field.kind) {
    case 'fee-amount':
      return { path: field.path, label: t('form.fee'), value: formatMoney(Number(value), lang) };
    case 'checkbox':
      return { path: field.path, label: t(field.label), value: value === true ? t('common.yes') : t('common.no') };
    case 'select':
      return { path: field.path, label: t(field.label), value: tKey(field.optionLabel(String(value))) };
    case 'text':
      return { path: field.path, label: t(field.label), value: shownText(field, String(value), lang) };
  }
}

/**
 * The filing's data as labelled values, grouped as the kiosk's form asked for them (the
 * same labels the operator saw); anything the form does not name is listed at the end
 * under its wire path, so nothing the applicant gave is hidden from the office.
 */
export function envelopeFieldGroups(envelope: Envelope, i18n: OfficeText): FieldGroup[] {
  const leaves = leavesOf(envelope.data, '', new Map());
  const used = new Set<string>();
  const groups: FieldGroup[] = [];
  const spec = FORMS[envelope.type as RequestType] as (typeof FORMS)[RequestType] | undefined;
  for (const step of spec?.steps ?? []) {
    const rows = step.fields.map((field) => rowOf(field, leaves, used, i18n)).filter((row): row is FieldRow => row !== undefined);
    if (rows.length) groups.push({ id: step.id, title: i18n.t(step.title), rows });
  }
  const rest = [...leaves].filter(([path]) => !used.has(path)).map(([path, value]) => ({ path, label: i18n.textKey(`field.${path}`).replace(/^field\./, ''), value: String(value) }));
  if (rest.length) groups.push({ id: 'other', title: i18n.text('detail.otherFields'), rows: rest });
  return groups;
}
