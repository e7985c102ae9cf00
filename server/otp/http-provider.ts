import type { SmsMessage, SmsProvider } from './sms-provider';

export interface HttpSmsConfig {
  url: string;
  sender: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  timeoutMs?: number;
}

/**
 * An SMS gateway reached over HTTP: one JSON POST a message with the sender id, the
 * number (with 91), the text and its DLT template id. Any non-2xx answer or a timeout is
 * a failure, and the OTP queue tries again later.
 */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http';
  constructor(private readonly config: HttpSmsConfig) {}

  async send(message: SmsMessage): Promise<void> {
    const response = await fetch(this.config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}) },
      body: JSON.stringify({ sender: this.config.sender, to: `91${message.to}`, text: message.text, dltTemplateId: message.templateId }),
      signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
