import type { ThermalPrinterRecord } from '../../store/types';
import type { ReceiptPicture } from '../receipt-canvas';
import { chooseBluetooth, findBluetooth } from './bluetooth-transport';
import { chunked, escposRaster, joinBytes, RASTER_BAND } from './escpos-raster';
import type { TransportKind } from './printer-choice';
import { receiptBitmap, type PaperWidth } from './receipt-bitmap';
import { chooseSerial, findSerial } from './serial-transport';
import { ThermalError } from './thermal-error';
import { chooseUsb, findUsb } from './usb-transport';
import type { DeviceApis, FoundPrinter } from './web-devices';

/**
 * Opens the browser's chooser for this way to a printer. Call it straight from the tap's
 * handler, before any await: the browsers open a chooser only in answer to the operator.
 */
export function choosePrinter(apis: DeviceApis, kind: TransportKind): Promise<FoundPrinter> {
  if (kind === 'serial' && apis.serial) return chooseSerial(apis.serial);
  if (kind === 'usb' && apis.usb) return chooseUsb(apis.usb);
  if (kind === 'bluetooth' && apis.bluetooth) return chooseBluetooth(apis.bluetooth);
  return Promise.reject(new ThermalError('not_connected'));
}

/**
 * The remembered printer, found again without a chooser among the devices the browser
 * already allowed. A Bluetooth printer in a browser that cannot list those is chosen again
 * (still in the tap's handler); any other printer that is not there is `not_connected`.
 */
export async function findPrinter(apis: DeviceApis, printer: Pick<ThermalPrinterRecord, 'transport' | 'match'>): Promise<FoundPrinter> {
  const { transport, match } = printer;
  if (transport === 'bluetooth' && apis.bluetooth && !apis.bluetooth.getDevices) return chooseBluetooth(apis.bluetooth);
  let found: FoundPrinter | undefined;
  try {
    if (transport === 'serial' && apis.serial) found = await findSerial(apis.serial, match);
    else if (transport === 'usb' && apis.usb) found = await findUsb(apis.usb, match);
    else if (transport === 'bluetooth' && apis.bluetooth) found = await findBluetooth(apis.bluetooth, match);
  } catch (error) {
    throw new ThermalError('not_connected', { cause: error });
  }
  if (!found) throw new ThermalError('not_connected');
  return found;
}

/** What went to the printer. */
export interface ThermalJob {
  dots: number;
  rows: number;
  bands: number;
  bytes: number;
}

/**
 * Sends a print job: opens the printer, writes the pieces in order in the link's chunk size,
 * and lets the printer go whatever happens. A failure is a ThermalError and changes nothing
 * but the printer's paper.
 */
export async function sendJob(printer: FoundPrinter, pieces: readonly Uint8Array[]): Promise<void> {
  const link = await printer.open();
  try {
    for (const chunk of chunked(pieces, link.chunkBytes)) await link.write(chunk);
  } finally {
    await link.close();
  }
}

/** Draws the receipt for the paper (the app's one canvas renderer, as 1-bit dots) and prints it as GS v 0 bands. */
export async function printOnThermal(printer: FoundPrinter, picture: ReceiptPicture, paper: PaperWidth): Promise<ThermalJob> {
  const bitmap = await receiptBitmap(picture, paper);
  const pieces = escposRaster(bitmap);
  await sendJob(printer, pieces);
  return { dots: bitmap.width, rows: bitmap.height, bands: pieces.filter((piece) => piece[0] === RASTER_BAND[0] && piece[1] === RASTER_BAND[1]).length, bytes: joinBytes(pieces).length };
}
