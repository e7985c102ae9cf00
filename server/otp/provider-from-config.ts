import type { Config } from '../config';
import { FileSmsProvider } from './file-provider';
import { HttpSmsProvider } from './http-provider';
import type { OtpSettings } from './otp-service';
import type { SmsProvider } from './sms-provider';

/** The one gateway every SMS goes through (codes and status messages alike). */
export function smsProvider(config: Config): SmsProvider {
  return config.sms.provider === 'file' ? new FileSmsProvider(config.sms.file) : new HttpSmsProvider(config.sms);
}

export function otpSettings(config: Config, provider = smsProvider(config)): OtpSettings {
  return { provider, publicUrl: config.publicUrl, templateId: config.sms.templateId };
}
