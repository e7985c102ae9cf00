import type { SmsMessage, SmsProvider } from '../../server/otp/sms-provider';

/** A gateway that fails the first `failures` sends, then takes them; it keeps what it accepted. */
export class FlakyGateway implements SmsProvider {
  readonly name = 'flaky';
  calls = 0;
  delivered: SmsMessage[] = [];
  constructor(private failures = 0) {}
  async send(message: SmsMessage): Promise<void> {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('gateway 503');
    }
    this.delivered.push(message);
  }
}
