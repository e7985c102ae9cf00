import type { SahejDatabase } from '../store/database';
import { loadDevice, saveDevice } from '../store/device';
import type { TrustedKeysRecord } from '../store/types';
import type { ApiClient } from './api-client';

/**
 * Keeps the server's public keys (and its list of revoked devices) on the device, so a
 * receipt can be checked with no network — on a kiosk, or on an applicant's phone that
 * opened the app once.
 */
export async function refreshTrustedKeys(db: SahejDatabase, api: ApiClient, now = new Date()): Promise<boolean> {
  const keys = await api.trustedKeys();
  if (!keys) return false;
  await db.meta.put({ key: 'trustedKeys', ...keys, fetchedAt: now.toISOString() } satisfies TrustedKeysRecord);
  return true;
}

export async function loadTrustedKeys(db: SahejDatabase): Promise<TrustedKeysRecord | undefined> {
  return (await db.meta.get('trustedKeys')) as TrustedKeysRecord | undefined;
}

/** A device enrolled before certificates existed asks for its certificate once it can. */
export async function ensureCertificate(db: SahejDatabase, api: ApiClient): Promise<void> {
  const device = await loadDevice(db);
  if (!device || device.certificate) return;
  const certificate = await api.deviceCertificate(device.token);
  if (certificate) {
    const { key: _key, ...rest } = device;
    await saveDevice(db, { ...rest, certificate });
  }
}
