import { TRANSFER_REASONS } from '../../domain/requests/name-change';
import type { FormSpec } from '../form-spec';
import { accountNoField, documentsStep, FEE_DEFAULTS, feeAndConsentStep, personFields } from '../shared-fields';

export const nameChangeForm: FormSpec = {
  type: 'name_change',
  title: 'type.name_change',
  namePath: 'newOwner.name',
  defaults: { 'newOwner.idProof.type': 'aadhaar', ...FEE_DEFAULTS },
  feeQuery: () => ({ type: 'name_change' }),
  steps: [
    {
      id: 'account',
      title: 'form.step.account',
      fields: [
        accountNoField,
        { kind: 'text', path: 'currentOwner.name', label: 'form.currentOwner', required: true, maxLength: 100 },
        { kind: 'select', path: 'transfer.reason', label: 'form.transferReason', required: true, options: TRANSFER_REASONS, optionLabel: (option) => `transfer.${option}` },
      ],
    },
    { id: 'newOwner', title: 'form.step.newOwner', fields: personFields('newOwner') },
    documentsStep,
    feeAndConsentStep,
  ],
};
