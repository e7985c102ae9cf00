/** What the status panel shows about the browser's storage for this app. */
export interface StorageStatus {
  usageBytes?: number;
  quotaBytes?: number;
  persisted?: boolean;
}

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = navigator.storage;
  if (!storage) return {};
  const [estimate, persisted] = await Promise.all([storage.estimate?.().catch(() => undefined), storage.persisted?.().catch(() => undefined)]);
  return { usageBytes: estimate?.usage, quotaBytes: estimate?.quota, persisted };
}
