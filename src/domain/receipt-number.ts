/**
 * A receipt number is made on the device with no server: `{office}-{device}-{sequence}`,
 * e.g. `LKO1-D07-000042`. Office and device codes come from enrollment; the sequence
 * is the device's own counter, which never repeats.
 */
export const OFFICE_CODE = /^[A-Z0-9]{2,12}$/;
export const DEVICE_CODE = /^D\d{2,6}$/;
const RECEIPT_NO = /^([A-Z0-9]{2,12})-(D\d{2,6})-(\d{6,})$/;

export function formatReceiptNo(office: string, device: string, sequence: number): string {
  return `${office}-${device}-${String(sequence).padStart(6, '0')}`;
}

export function parseReceiptNo(receiptNo: string): { office: string; device: string; sequence: number } | null {
  const match = RECEIPT_NO.exec(receiptNo);
  if (!match) return null;
  return { office: match[1]!, device: match[2]!, sequence: Number(match[3]) };
}

/** The device a receipt number names (`{office}-{device}`): the only one that may file under it. */
export function deviceIdOfReceiptNo(receiptNo: string): string | null {
  const parsed = parseReceiptNo(receiptNo);
  return parsed ? formatDeviceId(parsed.office, parsed.device) : null;
}

/** The device id the server gives at enrollment is `{office}-{device}`. */
export function formatDeviceId(office: string, device: string): string {
  return `${office}-${device}`;
}

export function parseDeviceId(deviceId: string): { office: string; device: string } | null {
  const [office, device, ...rest] = deviceId.split('-');
  if (rest.length || !office || !device || !OFFICE_CODE.test(office) || !DEVICE_CODE.test(device)) return null;
  return { office, device };
}

/** Application numbers are made by the server: `{office}-{sequence}`, e.g. `LKO1-000123`. */
export function formatApplicationNo(office: string, sequence: number): string {
  return `${office}-${String(sequence).padStart(6, '0')}`;
}
