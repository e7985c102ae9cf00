import * as z from 'zod/mini';
import { account, consent, contact, fee } from './common';
import { text } from './fields';

/** Move an existing prepaid connection to postpaid billing. */
export const prepaidToPostpaid = z.strictObject({
  account,
  applicant: contact,
  reason: text(500),
  fee,
  consent,
});

export type PrepaidToPostpaid = z.output<typeof prepaidToPostpaid>;
