/** One SMS. `templateId` is the DLT template the text was registered under (India's TRAI rules). */
export interface SmsMessage {
  to: string;
  text: string;
  templateId: string;
}

/** Where codes go out. `send` resolves once the gateway has accepted the message and rejects otherwise. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}
