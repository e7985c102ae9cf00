import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SahejDatabase } from '../../../src/store/database';
import { loadThermalPrinter, saveThermalPrinter } from '../../../src/store/thermal-printer';
import { PRINTER_SERVICES } from '../../../src/receipts/thermal/bluetooth-transport';
import { escposRaster, joinBytes } from '../../../src/receipts/thermal/escpos-raster';
import { availableTransports } from '../../../src/receipts/thermal/printer-choice';
import type { MonoBitmap } from '../../../src/receipts/thermal/receipt-bitmap';
import { SERIAL_BAUD_RATE } from '../../../src/receipts/thermal/serial-transport';
import { ThermalError } from '../../../src/receipts/thermal/thermal-error';
import { choosePrinter, findPrinter, sendJob } from '../../../src/receipts/thermal/thermal-print';
import { decodeEscpos } from '../../support/escpos-decoder';
import { FakeBluetooth, FakeBluetoothPrinter, FakeSerial, FakeSerialPort, FakeUsb, FakeUsbDevice } from '../../support/fake-printers';

/** A receipt-sized job: 58 mm wide, 300 rows (four bands), a pattern in every row. */
function job(width = 384, height = 300): Uint8Array[] {
  const bytesPerRow = width / 8;
  const data = Uint8Array.from({ length: bytesPerRow * height }, (_, i) => (i * 37 + (i >> 5)) & 0xff);
  const bitmap: MonoBitmap = { width, height, bytesPerRow, data };
  return escposRaster(bitmap);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ThermalError);
  return (error as ThermalError).code;
}

const isPrefix = (part: Uint8Array, whole: Uint8Array) => part.length < whole.length && Buffer.from(whole.subarray(0, part.length)).equals(Buffer.from(part));

describe('detection', () => {
  const nav = (apis: object) => apis as unknown as Navigator;

  it('offers only the ways this browser has, in a secure context, and none where it has none (the thermal choice is then hidden)', () => {
    expect(availableTransports(nav({}), true)).toEqual([]);
    expect(availableTransports(nav({ serial: {} }), true)).toEqual(['serial']);
    expect(availableTransports(nav({ serial: {}, usb: {}, bluetooth: {} }), true)).toEqual(['usb', 'serial', 'bluetooth']);
    expect(availableTransports(nav({ serial: {}, usb: {}, bluetooth: {} }), false)).toEqual([]);
    expect(availableTransports(undefined, true)).toEqual([]);
  });
});

describe('the serial transport (Web Serial)', () => {
  it('opens the chosen port at 115200 baud and writes the job’s exact bytes in order, a band a write, then flushes and closes', async () => {
    const port = new FakeSerialPort();
    const serial = new FakeSerial(port);
    const pieces = job();
    const printer = await choosePrinter({ serial }, 'serial');
    expect(printer.match).toEqual({ usbVendorId: 0x0416, usbProductId: 0x5011 });
    expect(printer.name).toBe('USB 0416:5011');
    await sendJob(printer, pieces);
    expect(port.baudRate).toBe(SERIAL_BAUD_RATE);
    expect(port.bytes).toEqual(joinBytes(pieces));
    expect(port.log.writes.map((write) => write.length)).toEqual(pieces.map((piece) => piece.length));
    expect(port.log.writes.every((write) => write.length <= 4096)).toBe(true);
    expect(port.log.events).toEqual(['open 115200', 'flushed', 'close']);
    expect(port.opened).toBe(false);
    const decoded = decodeEscpos(port.bytes);
    expect(decoded.commands).toEqual(['init', 'band', 'band', 'band', 'band', 'feed', 'cut']);
  });

  it('finds the remembered port among the allowed ones by its USB ids, without the chooser; a missing one is not_connected', async () => {
    const other = new FakeSerialPort({ usbVendorId: 0x1a86, usbProductId: 0x7523 });
    const port = new FakeSerialPort();
    const serial = new FakeSerial(undefined, [other, port]);
    const found = await findPrinter({ serial }, { transport: 'serial', match: { usbVendorId: 0x0416, usbProductId: 0x5011 } });
    await sendJob(found, job());
    expect(serial.requests).toBe(0);
    expect(port.bytes).toEqual(joinBytes(job()));
    expect(other.log.events).toEqual([]);
    expect(await codeOf(findPrinter({ serial }, { transport: 'serial', match: { usbVendorId: 0x0dd4, usbProductId: 0x0205 } }))).toBe('not_connected');
    // A built-in COM port has no USB ids; it is found as such.
    const com = new FakeSerialPort({});
    expect((await findPrinter({ serial: new FakeSerial(undefined, [port, com]) }, { transport: 'serial', match: {} })).name).toBe('COM');
  });

  it('a port unplugged mid-print is a `disconnected` error: the bytes before it went out in order, the port is let go, the remembered printer stays', async () => {
    const db = new SahejDatabase(`thermal-${process.pid}-disconnect`);
    const remembered = { transport: 'serial' as const, paper: '58' as const, match: { usbVendorId: 0x0416, usbProductId: 0x5011 }, name: 'USB 0416:5011', savedAt: '2026-11-28T06:30:00.000Z' };
    await saveThermalPrinter(db, remembered);
    const port = new FakeSerialPort();
    port.failAtWrite = 3;
    const pieces = job();
    expect(await codeOf(sendJob(await findPrinter({ serial: new FakeSerial(undefined, [port]) }, remembered), pieces))).toBe('disconnected');
    expect(port.bytes).toEqual(joinBytes(pieces.slice(0, 2)));
    expect(isPrefix(port.bytes, joinBytes(pieces))).toBe(true);
    expect(port.log.events).toEqual(['open 115200', 'lost', 'close']);
    expect(port.opened).toBe(false);
    expect(await loadThermalPrinter(db)).toEqual({ key: 'thermalPrinter', ...remembered });
    // Plugged back in, the same port prints the whole job.
    port.failAtWrite = undefined;
    port.log.writes.length = 0;
    await sendJob(await findPrinter({ serial: new FakeSerial(undefined, [port]) }, remembered), pieces);
    expect(port.bytes).toEqual(joinBytes(pieces));
    db.close();
  });

  it('any other write failure is `write_failed`; a port something else holds is `busy`; a chooser closed with no port is `no_printer`', async () => {
    const port = new FakeSerialPort();
    port.failAtWrite = 1;
    port.failWith = () => new DOMException('A buffer overrun has been detected.', 'BufferOverrunError');
    expect(await codeOf(sendJob(await choosePrinter({ serial: new FakeSerial(port) }, 'serial'), job()))).toBe('write_failed');
    expect(port.bytes).toHaveLength(0);
    expect(port.opened).toBe(false);

    const held = new FakeSerialPort();
    held.openError = new DOMException('Failed to open serial port.', 'NetworkError');
    expect(await codeOf(sendJob(await choosePrinter({ serial: new FakeSerial(held) }, 'serial'), job()))).toBe('busy');
    expect(held.opened).toBe(false);

    expect(await codeOf(choosePrinter({ serial: new FakeSerial(undefined) }, 'serial'))).toBe('no_printer');
    expect(await codeOf(choosePrinter({}, 'serial'))).toBe('not_connected');
  });
});

describe('the USB transport (WebUSB)', () => {
  it('lists printers only (class 7), claims the printer interface and sends each band to the bulk OUT endpoint, then lets the device go', async () => {
    const device = new FakeUsbDevice();
    const usb = new FakeUsb(device);
    const pieces = job(576, 200);
    const printer = await choosePrinter({ usb }, 'usb');
    expect(usb.filters).toEqual([[{ classCode: 7 }]]);
    expect(printer).toMatchObject({ match: { usbVendorId: 0x0483, usbProductId: 0x5743, serialNumber: 'P-001' }, name: 'POS-58' });
    await sendJob(printer, pieces);
    expect(device.bytes).toEqual(joinBytes(pieces));
    expect(device.log.events).toEqual(['open', 'configuration 1', 'claim 0', ...pieces.map((piece) => `out 1 ${piece.length}`), 'release 0', 'close']);
    expect(decodeEscpos(device.bytes).width).toBe(576);
  });

  it('finds the remembered printer by ids and serial number; gone mid-print is `disconnected`, a stall `write_failed` (and cleared); no printer interface is `unsupported`', async () => {
    const twin = new FakeUsbDevice(0x0483, 0x5743, 'P-002');
    const device = new FakeUsbDevice();
    const usb = new FakeUsb(undefined, [twin, device]);
    const remembered = { transport: 'usb' as const, match: { usbVendorId: 0x0483, usbProductId: 0x5743, serialNumber: 'P-001' } };
    device.failAtWrite = 2;
    const pieces = job();
    expect(await codeOf(sendJob(await findPrinter({ usb }, remembered), pieces))).toBe('disconnected');
    expect(device.bytes).toEqual(joinBytes(pieces.slice(0, 1)));
    expect(device.opened).toBe(false);
    expect(device.claimed.size).toBe(0);
    expect(twin.log.events).toEqual([]);

    const stalling = new FakeUsbDevice();
    stalling.failAtWrite = 1;
    stalling.failure = 'stall';
    expect(await codeOf(sendJob(await choosePrinter({ usb: new FakeUsb(stalling) }, 'usb'), pieces))).toBe('write_failed');
    expect(stalling.log.events).toContain('clear out 1');
    expect(stalling.opened).toBe(false);

    const held = new FakeUsbDevice();
    held.claimError = new DOMException('Unable to claim interface.', 'NetworkError');
    expect(await codeOf(sendJob(await choosePrinter({ usb: new FakeUsb(held) }, 'usb'), pieces))).toBe('busy');
    expect(held.opened).toBe(false);

    const keyboard = new FakeUsbDevice(0x046d, 0xc31c, undefined, 'Keyboard', [
      { configurationValue: 1, interfaces: [{ interfaceNumber: 0, alternates: [{ alternateSetting: 0, interfaceClass: 3, endpoints: [{ endpointNumber: 1, direction: 'in', type: 'interrupt' }] }] }] },
    ]);
    expect(await codeOf(sendJob(await choosePrinter({ usb: new FakeUsb(keyboard) }, 'usb'), pieces))).toBe('unsupported');
    expect(keyboard.opened).toBe(false);
    expect(await codeOf(findPrinter({ usb: new FakeUsb(undefined, [twin]) }, remembered))).toBe('not_connected');
  });
});

describe('the Bluetooth transport (Web Bluetooth)', () => {
  const [service, characteristic] = [PRINTER_SERVICES[0].service, PRINTER_SERVICES[0].characteristic];

  it('asks for printers offering the printer services and writes without response in chunks of one packet where it may', async () => {
    const printer = new FakeBluetoothPrinter('dev-1', 'MTP-II', service, characteristic, { write: true, writeWithoutResponse: true });
    const bluetooth = new FakeBluetooth(printer);
    const pieces = job();
    const found = await choosePrinter({ bluetooth }, 'bluetooth');
    expect(bluetooth.requests[0]!.optionalServices).toContain('000018f0-0000-1000-8000-00805f9b34fb');
    expect(bluetooth.requests[0]!.filters).toContainEqual({ services: ['000018f0-0000-1000-8000-00805f9b34fb'] });
    expect(found).toMatchObject({ match: { bluetoothId: 'dev-1' }, name: 'MTP-II' });
    await sendJob(found, pieces);
    expect(printer.bytes).toEqual(joinBytes(pieces));
    expect(printer.log.writes.every((write) => write.length <= 182)).toBe(true);
    expect(printer.log.events.filter((event) => event.startsWith('with '))).toEqual([]);
    expect(printer.log.events.at(-1)).toBe('disconnect');
  });

  it('writes with response, up to 512 bytes, where the printer takes only that; finds a remembered printer by id or asks again where the browser cannot list it', async () => {
    const printer = new FakeBluetoothPrinter('dev-2', undefined, PRINTER_SERVICES[1].service, PRINTER_SERVICES[1].characteristic, { write: true, writeWithoutResponse: false });
    const pieces = job();
    const listing = new FakeBluetooth(undefined, [printer]);
    await sendJob(await findPrinter({ bluetooth: listing }, { transport: 'bluetooth', match: { bluetoothId: 'dev-2' } }), pieces);
    expect(listing.requests).toHaveLength(0);
    expect(printer.bytes).toEqual(joinBytes(pieces));
    expect(Math.max(...printer.log.writes.map((write) => write.length))).toBe(512);
    expect(printer.log.events.filter((event) => event.startsWith('without '))).toEqual([]);

    const notListing = new FakeBluetooth(printer);
    expect((await findPrinter({ bluetooth: notListing }, { transport: 'bluetooth', match: { bluetoothId: 'dev-2' } })).name).toBe('Bluetooth');
    expect(notListing.requests).toHaveLength(1);
    expect(await codeOf(findPrinter({ bluetooth: new FakeBluetooth(undefined, []) }, { transport: 'bluetooth', match: { bluetoothId: 'dev-2' } }))).toBe('not_connected');
  });

  it('a printer lost mid-print is `disconnected`; a device with none of the printer services is `unsupported`; a cancelled chooser `no_printer`', async () => {
    const printer = new FakeBluetoothPrinter('dev-3', 'P', service, characteristic, { write: false, writeWithoutResponse: true });
    printer.failAtWrite = 5;
    expect(await codeOf(sendJob(await choosePrinter({ bluetooth: new FakeBluetooth(printer) }, 'bluetooth'), job()))).toBe('disconnected');
    expect(printer.log.writes).toHaveLength(4);
    expect(isPrefix(printer.bytes, joinBytes(job()))).toBe(true);

    const speaker = new FakeBluetoothPrinter('dev-4', 'Speaker', '0000180f-0000-1000-8000-00805f9b34fb', '00002a19-0000-1000-8000-00805f9b34fb', { write: true, writeWithoutResponse: false });
    expect(await codeOf(sendJob(await choosePrinter({ bluetooth: new FakeBluetooth(speaker) }, 'bluetooth'), job()))).toBe('unsupported');
    expect(speaker.connected).toBe(false);
    expect(await codeOf(choosePrinter({ bluetooth: new FakeBluetooth(undefined) }, 'bluetooth'))).toBe('no_printer');
  });
});

