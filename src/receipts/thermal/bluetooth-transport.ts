import { ThermalError, thermalError } from './thermal-error';
import type { BluetoothDeviceLike, BluetoothLike, FoundPrinter, GattCharacteristicLike, PrinterLink, PrinterMatch } from './web-devices';

/**
 * GATT services Bluetooth LE receipt printers take print data on, each with the
 * characteristic its makers document for it. A printer that offers another writable
 * characteristic in the same service gets the data there instead.
 */
export const PRINTER_SERVICES = [
  { service: '000018f0-0000-1000-8000-00805f9b34fb', characteristic: '00002af1-0000-1000-8000-00805f9b34fb' },
  { service: 'e7810a71-73ae-499d-8c15-faa9aef0c3f2', characteristic: 'bef8d6c9-9c21-4c9e-b632-bd58c1009f9f' },
  { service: '49535343-fe7d-4ae5-8fa9-9fafd205e455', characteristic: '49535343-8841-43f4-a8d4-ecbe34729bb3' },
] as const;

/** A write with response may be long (the stack splits it, up to 512 bytes, and acknowledges it). */
const WITH_RESPONSE_BYTES = 512;
/**
 * A write without response must fit one packet: 185 bytes of MTU (what phones commonly
 * agree on) less 3 of header. Quicker, since nothing waits for an answer.
 */
const WITHOUT_RESPONSE_BYTES = 182;

async function printerCharacteristic(device: BluetoothDeviceLike): Promise<GattCharacteristicLike | undefined> {
  const server = device.gatt!;
  for (const { service, characteristic } of PRINTER_SERVICES) {
    let characteristics: GattCharacteristicLike[];
    try {
      characteristics = await (await server.getPrimaryService(service)).getCharacteristics();
    } catch {
      continue; // Not this printer's service.
    }
    const writable = characteristics.filter((candidate) => candidate.properties.write || candidate.properties.writeWithoutResponse);
    const chosen = writable.find((candidate) => candidate.uuid === characteristic) ?? writable[0];
    if (chosen) return chosen;
  }
  return undefined;
}

/** Connects to the printer's GATT server and finds where print data goes; every failure is a ThermalError, the connection dropped after one. */
export async function openBluetooth(device: BluetoothDeviceLike): Promise<PrinterLink> {
  if (!device.gatt) throw new ThermalError('unsupported');
  const server = device.gatt;
  let target: GattCharacteristicLike | undefined;
  try {
    await server.connect();
  } catch (error) {
    // Off, out of range, or taken by another phone: the printer is not there for us.
    throw new ThermalError('not_connected', { cause: error });
  }
  try {
    target = await printerCharacteristic(device);
  } catch (error) {
    server.disconnect();
    throw thermalError(error, 'open');
  }
  if (!target) {
    server.disconnect();
    throw new ThermalError('unsupported');
  }
  const characteristic = target;
  const quick = characteristic.properties.writeWithoutResponse && typeof characteristic.writeValueWithoutResponse === 'function';
  const send = quick
    ? (chunk: Uint8Array) => characteristic.writeValueWithoutResponse!(chunk)
    : (chunk: Uint8Array) => (characteristic.writeValueWithResponse ?? characteristic.writeValue)!.call(characteristic, chunk);
  return {
    chunkBytes: quick ? WITHOUT_RESPONSE_BYTES : WITH_RESPONSE_BYTES,
    async write(chunk) {
      try {
        await send(chunk);
      } catch (error) {
        throw thermalError(error, 'write');
      }
    },
    async close() {
      if (server.connected) server.disconnect();
    },
  };
}

function found(device: BluetoothDeviceLike): FoundPrinter {
  return { match: { bluetoothId: device.id }, name: device.name || 'Bluetooth', open: () => openBluetooth(device) };
}

/** Asks the operator for a nearby printer offering one of the printer services (must run in a tap's handler). */
export async function chooseBluetooth(bluetooth: BluetoothLike): Promise<FoundPrinter> {
  const services = PRINTER_SERVICES.map(({ service }) => service);
  try {
    return found(await bluetooth.requestDevice({ filters: services.map((service) => ({ services: [service] })), optionalServices: services }));
  } catch (error) {
    throw thermalError(error, 'choose');
  }
}

/**
 * The remembered printer, where the browser lists devices it already allowed (getDevices);
 * undefined elsewhere, and the chooser is the way back to it.
 */
export async function findBluetooth(bluetooth: BluetoothLike, match: PrinterMatch): Promise<FoundPrinter | undefined> {
  if (!bluetooth.getDevices) return undefined;
  const device = (await bluetooth.getDevices()).find((candidate) => candidate.id === match.bluetoothId);
  return device ? found(device) : undefined;
}
