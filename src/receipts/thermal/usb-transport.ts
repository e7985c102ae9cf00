import { ThermalError, thermalError } from './thermal-error';
import type { FoundPrinter, PrinterLink, PrinterMatch, UsbAlternateLike, UsbDeviceLike, UsbLike } from './web-devices';

/** USB's class code for printers: the chooser lists only these. */
export const USB_PRINTER_CLASS = 7;
/** A band of the raster job a transfer (at most 4 kB); the browser cuts it into packets. */
const USB_CHUNK_BYTES = 4096;

function hex(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/** The printer interface with a bulk OUT endpoint (where print data goes), its alternate setting and that endpoint. */
function printerInterface(device: UsbDeviceLike): { interfaceNumber: number; alternate: UsbAlternateLike; endpoint: number } | undefined {
  for (const face of device.configuration?.interfaces ?? []) {
    for (const alternate of face.alternates) {
      const out = alternate.endpoints.find((endpoint) => endpoint.direction === 'out' && endpoint.type === 'bulk');
      if (alternate.interfaceClass === USB_PRINTER_CLASS && out) return { interfaceNumber: face.interfaceNumber, alternate, endpoint: out.endpointNumber };
    }
  }
  return undefined;
}

/** Opens the device and claims its printer interface; every failure is a ThermalError, and the device is left closed after one. */
export async function openUsb(device: UsbDeviceLike): Promise<PrinterLink> {
  let claimed: number | undefined;
  const letGo = async () => {
    if (claimed !== undefined) await device.releaseInterface(claimed).catch(() => undefined);
    if (device.opened) await device.close().catch(() => undefined);
  };
  let target: ReturnType<typeof printerInterface>;
  try {
    if (!device.opened) await device.open();
    if (!device.configuration) await device.selectConfiguration(device.configurations[0]?.configurationValue ?? 1);
    target = printerInterface(device);
    if (target) {
      // Claimed by the system's own printer driver, this fails: the printer is in use.
      await device.claimInterface(target.interfaceNumber);
      claimed = target.interfaceNumber;
      if (target.alternate.alternateSetting !== 0) await device.selectAlternateInterface(target.interfaceNumber, target.alternate.alternateSetting);
    }
  } catch (error) {
    await letGo();
    throw thermalError(error, 'open');
  }
  if (!target) {
    await letGo();
    throw new ThermalError('unsupported');
  }
  const { endpoint } = target;
  return {
    chunkBytes: USB_CHUNK_BYTES,
    async write(chunk) {
      let result;
      try {
        result = await device.transferOut(endpoint, chunk);
      } catch (error) {
        throw thermalError(error, 'write');
      }
      if (result.status !== 'ok' || result.bytesWritten !== chunk.length) {
        // A stalled endpoint takes nothing more until it is cleared; clear it for the next print.
        if (result.status === 'stall') await device.clearHalt('out', endpoint).catch(() => undefined);
        throw new ThermalError('write_failed');
      }
    },
    close: letGo,
  };
}

function found(device: UsbDeviceLike): FoundPrinter {
  return {
    match: { usbVendorId: device.vendorId, usbProductId: device.productId, ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}) },
    name: device.productName || `USB ${hex(device.vendorId)}:${hex(device.productId)}`,
    open: () => openUsb(device),
  };
}

/** Asks the operator for a USB printer (the browser's chooser, printers only; must run in a tap's handler). */
export async function chooseUsb(usb: UsbLike): Promise<FoundPrinter> {
  try {
    return found(await usb.requestDevice({ filters: [{ classCode: USB_PRINTER_CLASS }] }));
  } catch (error) {
    throw thermalError(error, 'choose');
  }
}

/** The remembered printer among the devices this origin may already use: same ids, and the same serial number where it has one. */
export async function findUsb(usb: UsbLike, match: PrinterMatch): Promise<FoundPrinter | undefined> {
  const device = (await usb.getDevices()).find(
    (candidate) => candidate.vendorId === match.usbVendorId && candidate.productId === match.usbProductId && (match.serialNumber === undefined || candidate.serialNumber === match.serialNumber),
  );
  return device ? found(device) : undefined;
}
