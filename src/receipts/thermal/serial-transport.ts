import { ThermalError, thermalError } from './thermal-error';
import type { FoundPrinter, PrinterLink, PrinterMatch, SerialLike, SerialPortInfo, SerialPortLike } from './web-devices';

/**
 * The line rate. USB and Bluetooth virtual ports (most printers that show up as a COM
 * port) ignore it; a true RS-232 printer must be set to the same (its DIP switches or
 * self-test page say which).
 */
export const SERIAL_BAUD_RATE = 115200;
/** A band of the raster job at a time (they are at most 4 kB): each write is queued whole. */
const SERIAL_CHUNK_BYTES = 4096;

function matchOf(info: SerialPortInfo): PrinterMatch {
  return { ...(info.usbVendorId !== undefined ? { usbVendorId: info.usbVendorId } : {}), ...(info.usbProductId !== undefined ? { usbProductId: info.usbProductId } : {}) };
}

function hex(value: number | undefined): string {
  return (value ?? 0).toString(16).padStart(4, '0');
}

function nameOf(info: SerialPortInfo): string {
  return info.usbVendorId !== undefined ? `USB ${hex(info.usbVendorId)}:${hex(info.usbProductId)}` : 'COM';
}

/** Opens the port and takes its writer; every failure is a ThermalError, and a port that failed to open is left closed. */
export async function openSerial(port: SerialPortLike, baudRate = SERIAL_BAUD_RATE): Promise<PrinterLink> {
  try {
    await port.open({ baudRate });
  } catch (error) {
    throw thermalError(error, 'open');
  }
  // A port unplugged between open and now has no stream to write to.
  if (!port.writable) {
    await port.close().catch(() => undefined);
    throw new ThermalError('disconnected');
  }
  const writer = port.writable.getWriter();
  return {
    chunkBytes: SERIAL_CHUNK_BYTES,
    async write(chunk) {
      try {
        await writer.ready;
        await writer.write(chunk);
      } catch (error) {
        throw thermalError(error, 'write');
      }
    },
    async close() {
      // close() waits until the bytes are out; a stream that already failed can only be let go.
      await writer.close().catch(() => writer.abort().catch(() => undefined));
      writer.releaseLock();
      await port.close().catch(() => undefined);
    },
  };
}

function found(port: SerialPortLike): FoundPrinter {
  const info = port.getInfo();
  return { match: matchOf(info), name: nameOf(info), open: () => openSerial(port) };
}

/** Asks the operator for a port (the browser's chooser; must run in a tap's handler). */
export async function chooseSerial(serial: SerialLike): Promise<FoundPrinter> {
  try {
    return found(await serial.requestPort());
  } catch (error) {
    throw thermalError(error, 'choose');
  }
}

/**
 * The remembered port among those this origin may already use, without a chooser: the one
 * with the same USB ids (a port with none, a built-in COM port, matches one with none).
 */
export async function findSerial(serial: SerialLike, match: PrinterMatch): Promise<FoundPrinter | undefined> {
  const ports = await serial.getPorts();
  const port = ports.find((candidate) => {
    const info = candidate.getInfo();
    return info.usbVendorId === match.usbVendorId && info.usbProductId === match.usbProductId;
  });
  return port ? found(port) : undefined;
}
