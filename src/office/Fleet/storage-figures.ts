import { formatNumber } from '../../domain/format-dates';
import type { Lang } from '../../i18n';

/**
 * Past this share of its quota a device is warned about: a browser that runs out refuses
 * the next filing's documents (the kiosk keeps what it has, but takes nothing new), and
 * Chrome may clear a non-persistent origin before then.
 */
export const NEAR_FULL_SHARE = 0.8;

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** "850 MB", "1.9 GB": one decimal where it says something, Indian digit grouping. */
export function formatBytes(bytes: number, lang: Lang): string {
  if (bytes >= GB) return `${formatNumber(Math.round((bytes / GB) * 10) / 10, lang)} GB`;
  const mb = bytes / MB;
  return `${formatNumber(mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10, lang)} MB`;
}

export interface StorageFigures {
  used: string;
  quota: string;
  /** Whole per cent of the quota in use; 100 for a device past its quota. */
  percent: number;
  nearFull: boolean;
}

/** Undefined when the device has not reported both figures (an old app, or a browser without storage.estimate). */
export function storageFigures(used: number | null, quota: number | null, lang: Lang): StorageFigures | undefined {
  if (used === null || quota === null) return undefined;
  const share = quota > 0 ? used / quota : 1;
  return { used: formatBytes(used, lang), quota: formatBytes(quota, lang), percent: Math.min(100, Math.floor(share * 100)), nearFull: share >= NEAR_FULL_SHARE };
}
