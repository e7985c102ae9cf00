import type { ThermalPrinterRecord } from '../../store/types';
import type { DeviceApis } from './web-devices';

export type TransportKind = ThermalPrinterRecord['transport'];

/** In the order the choice offers them: a cable first (nothing to pair), Bluetooth last. */
export const TRANSPORTS: readonly TransportKind[] = ['usb', 'serial', 'bluetooth'];

/**
 * The ways to a printer this browser has. Each API exists only in a secure context and only
 * in some browsers (Chromium's); where none does, there is no thermal choice at all and the
 * print dialog is how receipts print.
 */
export function availableTransports(nav: Navigator | undefined = typeof navigator === 'undefined' ? undefined : navigator, secure = typeof isSecureContext === 'boolean' ? isSecureContext : false): TransportKind[] {
  if (!nav || !secure) return [];
  const apis = nav as Navigator & DeviceApis;
  return TRANSPORTS.filter((kind) => apis[kind] != null);
}
