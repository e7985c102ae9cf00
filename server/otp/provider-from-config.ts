import type { Config } from '../config';
import { FileSmsProvider } from './file-provider';
import { HttpSmsProvider } from './http-provider';
import type { OtpSettings } from './otp-service';

export function otpSettings(config: Config): OtpSettings {
  const provider = config.sms.provider === 'file' ? new FileSmsProvider(config.sms.file) : new HttpSmsProvider(config.sms);
  return { provider, publicUrl: config.publicUrl, templateId: config.sms.templateId };
}
