/** The background loops that run in one server process at a time, each under its own lease. */
export const LOOP_LEASES = {
  objectionCancel: 'objection-cancel',
  otpSend: 'otp-send',
  statusMessageSend: 'status-message-send',
  uploadClean: 'upload-clean',
} as const;

/** What a loop starter needs to run under a lease: this process's holder id, and for tests a clock and no timers. */
export interface LoopLease {
  holder: string;
  ttlMs?: number;
  now?: () => Date;
  timers?: boolean;
  onHolderChange?: (holding: boolean) => void;
}
