import { namespace } from '../../namespace';
import { smsEn } from './en';
import { smsHi, type SmsKey } from './hi';

export type { SmsKey } from './hi';

/** The server's status SMS to applicants, in Hindi and English (imported only by the server). */
export const sms = namespace<SmsKey>({ hi: smsHi, en: smsEn });
