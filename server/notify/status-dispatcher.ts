import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db/schema';
import { LOOP_LEASES, type LoopLease } from '../leases/loop-leases';
import { runUnderLease, type LeaseRunner } from '../leases/run-under-lease';
import { smsProvider } from '../otp/provider-from-config';
import type { SmsProvider } from '../otp/sms-provider';
import { produceStatusMessages, type ProducerSettings } from './produce-status-messages';
import { sendDueStatusMessages } from './send-status-messages';

export interface StatusMessageSettings extends ProducerSettings {
  provider: SmsProvider;
}

export function statusMessageSettings(config: Config, provider = smsProvider(config)): StatusMessageSettings {
  return { provider, publicUrl: config.publicUrl, templates: config.sms.statusTemplates };
}

/** One run: queue what the new events tell, then send what is due. */
export async function dispatchStatusMessages(db: Kysely<DB>, settings: StatusMessageSettings, now = new Date()) {
  const { queued } = await produceStatusMessages(db, settings, now);
  return { queued, ...(await sendDueStatusMessages(db, settings, now)) };
}

/** Status messages every `intervalMs` while the server runs, from whichever one server process holds its lease (the outbox would bear several). */
export function startStatusMessageDispatcher(db: Kysely<DB>, settings: StatusMessageSettings, lease: LoopLease, onError: (error: unknown) => void, intervalMs = 3_000): LeaseRunner {
  return runUnderLease(db, { ...lease, name: LOOP_LEASES.statusMessageSend, run: () => dispatchStatusMessages(db, settings), intervalMs, onError });
}
