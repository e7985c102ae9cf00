import type { FormSpec } from '../form-spec';
import { accountNoField, contactFields, documentsStep, FEE_DEFAULTS, feeAndConsentStep, reasonField } from '../shared-fields';

export const prepaidToPostpaidForm: FormSpec = {
  type: 'prepaid_to_postpaid',
  title: 'type.prepaid_to_postpaid',
  namePath: 'applicant.name',
  defaults: { ...FEE_DEFAULTS },
  feeQuery: () => ({ type: 'prepaid_to_postpaid' }),
  steps: [
    { id: 'account', title: 'form.step.account', fields: [accountNoField, reasonField] },
    { id: 'applicant', title: 'form.step.contact', fields: contactFields('applicant') },
    documentsStep,
    feeAndConsentStep,
  ],
};
