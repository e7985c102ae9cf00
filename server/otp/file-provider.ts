import fs from 'node:fs';
import path from 'node:path';
import type { SmsMessage, SmsProvider } from './sms-provider';

/** For development and tests: each message is a JSON line in a file, where a developer (or a test) reads the code. */
export class FileSmsProvider implements SmsProvider {
  readonly name = 'file';
  constructor(private readonly file: string) {}

  async send(message: SmsMessage): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await fs.promises.appendFile(this.file, `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`);
  }
}
