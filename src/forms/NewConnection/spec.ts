import { AREAS, CATEGORIES, METERS, PHASES, pinOutsideRegion } from '../../domain/requests/new-connection';
import type { FormSpec } from '../form-spec';
import { documentsStep, FEE_DEFAULTS, feeAndConsentStep, personFields, typedLoad } from '../shared-fields';

export const newConnectionForm: FormSpec = {
  type: 'new_connection',
  title: 'type.new_connection',
  namePath: 'applicant.name',
  defaults: { 'applicant.idProof.type': 'aadhaar', 'connection.category': 'LMV-1', 'connection.loadKw': '1', 'connection.phase': 'single', 'connection.meter': 'prepaid_smart', ...FEE_DEFAULTS },
  feeQuery: (values) => ({ type: 'new_connection', category: String(values['connection.category'] ?? ''), loadKw: typedLoad(values, 'connection.loadKw') }),
  steps: [
    { id: 'applicant', title: 'form.step.applicant', fields: personFields('applicant') },
    {
      id: 'premises',
      title: 'form.step.premises',
      fields: [
        { kind: 'text', path: 'premises.line1', label: 'form.line1', required: true, maxLength: 120, autoComplete: 'address-line1' },
        { kind: 'text', path: 'premises.line2', label: 'form.line2', maxLength: 120, autoComplete: 'address-line2' },
        { kind: 'text', path: 'premises.locality', label: 'form.locality', required: true, maxLength: 80 },
        { kind: 'text', path: 'premises.district', label: 'form.district', required: true, maxLength: 60 },
        {
          kind: 'text',
          path: 'premises.pin',
          label: 'form.pin',
          required: true,
          inputMode: 'numeric',
          autoComplete: 'postal-code',
          maxLength: 6,
          warning: (values) => (pinOutsideRegion(String(values['premises.pin'] ?? '').trim()) ? 'warning.pin.outside_region' : undefined),
        },
        { kind: 'select', path: 'premises.area', label: 'form.area', required: true, options: AREAS, optionLabel: (option) => `area.${option}` },
      ],
    },
    {
      id: 'connection',
      title: 'form.step.connection',
      fields: [
        { kind: 'select', path: 'connection.category', label: 'form.category', required: true, options: CATEGORIES, optionLabel: (option) => `category.${option}` },
        { kind: 'text', path: 'connection.loadKw', label: 'form.loadKw', hint: 'form.loadKw.hint', required: true, inputMode: 'decimal', numeric: true },
        { kind: 'select', path: 'connection.phase', label: 'form.phase', required: true, options: PHASES, optionLabel: (option) => `phase.${option}` },
        { kind: 'select', path: 'connection.meter', label: 'form.meter', required: true, options: METERS, optionLabel: (option) => `meter.${option}` },
        { kind: 'text', path: 'survey.preferredDates.0', label: 'form.surveyDate1', hint: 'form.survey.hint', required: true, input: 'date' },
        { kind: 'text', path: 'survey.preferredDates.1', label: 'form.surveyDate2', required: true, input: 'date' },
        { kind: 'text', path: 'survey.preferredDates.2', label: 'form.surveyDate3', required: true, input: 'date' },
      ],
    },
    documentsStep,
    feeAndConsentStep,
  ],
};
