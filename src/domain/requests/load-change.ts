import * as z from 'zod/mini';
import { account, consent, contact, fee, loadKw } from './common';
import { text } from './fields';

/** Raise or lower the sanctioned load of an existing connection. */
export const loadChange = z.strictObject({
  account,
  applicant: contact,
  load: z
    .strictObject({ currentKw: loadKw, requestedKw: loadKw })
    .check(
      z.superRefine((value, ctx) => {
        if (value.currentKw === value.requestedKw) {
          ctx.addIssue({ code: 'custom', message: 'load.same', path: ['requestedKw'], input: value.requestedKw });
        }
      }),
    ),
  reason: text(500),
  fee,
  consent,
});

export type LoadChange = z.output<typeof loadChange>;
