import * as z from 'zod/mini';
import { account, consent, fee, person } from './common';
import { choice, text } from './fields';

export const TRANSFER_REASONS = ['sale', 'inheritance', 'gift', 'other'] as const;

/** Put an existing connection in a new owner's name (proof of ownership required). */
export const nameChange = z.strictObject({
  account,
  currentOwner: z.strictObject({ name: text(100, 'name.length') }),
  newOwner: person,
  transfer: z.strictObject({ reason: choice(TRANSFER_REASONS) }),
  fee,
  consent,
});

export type NameChange = z.output<typeof nameChange>;
