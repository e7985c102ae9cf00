import type { SahejDatabase } from './database';
import type { DeviceRecord } from './types';

export async function loadDevice(db: SahejDatabase): Promise<DeviceRecord | undefined> {
  return (await db.meta.get('device')) as DeviceRecord | undefined;
}

export async function saveDevice(db: SahejDatabase, device: Omit<DeviceRecord, 'key'>): Promise<void> {
  await db.meta.put({ key: 'device', ...device });
}
