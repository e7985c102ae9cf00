import { describe, expect, it } from 'vitest';
import { validateEnvelope, type Envelope } from '../../../src/domain/envelope';
import { REQUEST_TYPES } from '../../../src/domain/requests';
import { accountOf, feeOf, idProofOf, initialsOf, personOf, smsLanguageOf } from '../../../src/domain/person';
import { sampleEnvelopeOf } from '../../support/sample-envelope';

function valid(type: (typeof REQUEST_TYPES)[number]): Envelope {
  const result = validateEnvelope(sampleEnvelopeOf(type));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.envelope;
}

describe('what every request type shares, read the same way', () => {
  it('fee, ID proof, account and person come from where each type keeps them', () => {
    for (const type of REQUEST_TYPES) {
      const envelope = valid(type);
      const data = envelope.data as Record<string, { idProof?: unknown } | undefined>;
      expect([type, feeOf(envelope)]).toEqual([type, data.fee]);
      expect([type, idProofOf(envelope)]).toEqual([type, data.newOwner?.idProof ?? data.applicant?.idProof]);
      expect([type, accountOf(envelope)]).toEqual([type, data.account]);
      expect(personOf(envelope).mobile).toMatch(/^\d{10}$/);
    }
    expect(idProofOf(valid('new_connection'))).toMatchObject({ type: expect.any(String), last4: expect.stringMatching(/^[0-9A-Z]{4}$/) });
    expect(idProofOf(valid('name_change'))).toBeDefined();
    expect(accountOf(valid('new_connection'))).toBeUndefined();
  });

  it('the status SMS language is the applicant’s (or new owner’s) choice at capture, Hindi when none was made', () => {
    for (const type of REQUEST_TYPES) {
      const envelope = valid(type);
      expect([type, smsLanguageOf(envelope)]).toEqual([type, 'hi']);
      const data = envelope.data as Record<string, object>;
      const person = type === 'name_change' ? 'newOwner' : 'applicant';
      const english = validateEnvelope({ ...envelope, data: { ...data, [person]: { ...data[person], smsLanguage: 'en' } } });
      if (!english.ok) throw new Error(JSON.stringify(english.issues));
      expect([type, smsLanguageOf(english.envelope)]).toEqual([type, 'en']);
    }
  });

  it('a filing stored before fees or ID proofs existed has none, rather than a crash', () => {
    const old = { data: { applicant: { name: 'सीता', mobile: '9876543210' } } } as unknown as Envelope;
    expect([feeOf(old), idProofOf(old), accountOf(old), personOf(old)]).toEqual([undefined, undefined, undefined, { name: 'सीता', mobile: '9876543210' }]);
  });
});

describe('initials, all that a public page or a status SMS shows of a name', () => {
  it('takes the first whole character of each word, in any script, however many times it is asked', () => {
    for (let n = 0; n < 3; n++) {
      expect(initialsOf('सीता देवी')).toBe('सी. दे.');
      expect(initialsOf('  Ram   Prasad ')).toBe('R. P.');
      // A letter with its combining accent is one character, never cut in two.
      expect(initialsOf('e\u0301mile Zola')).toBe('e\u0301. Z.');
      expect(initialsOf('')).toBe('');
    }
  });
});
