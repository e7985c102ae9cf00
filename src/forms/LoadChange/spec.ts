import type { FormSpec } from '../form-spec';
import { accountNoField, contactFields, documentsStep, FEE_DEFAULTS, feeAndConsentStep, reasonField, typedLoad } from '../shared-fields';

export const loadChangeForm: FormSpec = {
  type: 'load_change',
  title: 'type.load_change',
  namePath: 'applicant.name',
  defaults: { ...FEE_DEFAULTS },
  feeQuery: (values) => ({ type: 'load_change', loadKw: typedLoad(values, 'load.requestedKw') }),
  steps: [
    {
      id: 'account',
      title: 'form.step.load',
      fields: [
        accountNoField,
        { kind: 'text', path: 'load.currentKw', label: 'form.currentKw', required: true, inputMode: 'decimal', numeric: true },
        { kind: 'text', path: 'load.requestedKw', label: 'form.requestedKw', hint: 'form.loadKw.hint', required: true, inputMode: 'decimal', numeric: true },
        reasonField,
      ],
    },
    { id: 'applicant', title: 'form.step.contact', fields: contactFields('applicant') },
    documentsStep,
    feeAndConsentStep,
  ],
};
