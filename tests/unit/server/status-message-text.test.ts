import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../server/config';
import { STATUS_MESSAGE_KINDS, templateVariable } from '../../../server/notify/status-message-kinds';
import { REASON_MAX_CHARACTERS, shortReason, smsDate, statusMessageText } from '../../../server/notify/status-message-text';
import { VERIFY_PLACEHOLDER } from '../../../server/notify/verification-link';

describe('status message texts', () => {
  it('writes dates as DD-MM-YYYY India days: a calendar day as it is, an instant by its day in India', () => {
    expect(smsDate('2026-11-14')).toBe('14-11-2026');
    // 20:00 UTC is already the next day in India.
    expect(smsDate('2026-11-23T20:00:00.000Z')).toBe('24-11-2026');
  });

  it('cuts an applicant note to whole characters of any script, never inside a Devanagari syllable', () => {
    expect(shortReason('  Bring   the deed \n ')).toBe('Bring the deed');
    const long = 'कृ'.repeat(REASON_MAX_CHARACTERS + 5);
    const cut = shortReason(long);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toBe(`${'कृ'.repeat(REASON_MAX_CHARACTERS - 1)}…`);
  });

  it('fills every stage in both languages with no placeholder left, amounts in rupees with Indian grouping', () => {
    for (const kind of STATUS_MESSAGE_KINDS) {
      for (const lang of ['hi', 'en'] as const) {
        const text = statusMessageText({ kind, lang, applicationNo: 'LKO1-000042', initials: 'S. D.', statusLink: 'https://x.in/s/#A', surveyDate: '2026-11-14', estimateAmount: 1234567, answerDueAt: '2026-11-23T05:00:00.000Z' });
        expect(text, `${kind} ${lang}`).toContain('LKO1-000042');
        // Only the received message's verification link is left to fill, as it is sent (server/notify/verification-link.ts).
        expect(text.replace(kind === 'received' ? VERIFY_PLACEHOLDER : '', ''), `${kind} ${lang}`).not.toMatch(/\{\w+\}/);
      }
    }
    expect(statusMessageText({ kind: 'estimate_issued', lang: 'en', applicationNo: 'N', initials: 'S.', estimateAmount: 1234567 })).toContain('₹12,34,567');
    // Without the stage's facts, the words that stand in for them.
    expect(statusMessageText({ kind: 'survey_scheduled', lang: 'en', applicationNo: 'N', initials: 'S.' })).toContain('soon (the office will tell you the day)');
    expect(statusMessageText({ kind: 'received', lang: 'en', applicationNo: 'N', initials: 'S.' })).toContain('Status: on your receipt, or at your electricity office');
  });
});

describe('status message configuration', () => {
  it('gives each stage and language its own template id: a development default, or SMS_DLT_STATUS_<KIND>_<LANG>', () => {
    const config = readConfig({ SMS_DLT_STATUS_SURVEY_SCHEDULED_EN: '1107160000000099999' });
    expect(config.sms.statusTemplates.received).toEqual({ hi: 'dev-status-received-hi', en: 'dev-status-received-en' });
    expect(config.sms.statusTemplates.survey_scheduled.en).toBe('1107160000000099999');
    expect(config.sms.statusMessages).toBe(true);
    expect(templateVariable('objection_answered', 'hi')).toBe('SMS_DLT_STATUS_OBJECTION_ANSWERED_HI');
  });

  it('through a real gateway, wants every template registered, unless status messages are off', () => {
    const gateway = { SMS_PROVIDER: 'http', SMS_GATEWAY_URL: 'https://sms.example.in/send', SMS_SENDER: 'SAHEJ', SMS_DLT_TEMPLATE_ID: '1107160000000012345' };
    expect(() => readConfig(gateway)).toThrow(/SMS_DLT_STATUS_RECEIVED_HI/);
    expect(readConfig({ ...gateway, SMS_STATUS_MESSAGES: 'off' }).sms.statusMessages).toBe(false);
    const all = Object.fromEntries(STATUS_MESSAGE_KINDS.flatMap((kind) => (['hi', 'en'] as const).map((lang) => [templateVariable(kind, lang), `id-${kind}-${lang}`])));
    expect(readConfig({ ...gateway, ...all }).sms.statusTemplates.cancelled).toEqual({ hi: 'id-cancelled-hi', en: 'id-cancelled-en' });
    expect(() => readConfig({ SMS_STATUS_MESSAGES: 'maybe' })).toThrow(/SMS_STATUS_MESSAGES/);
  });
});
