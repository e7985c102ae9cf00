/**
 * The parts of Web Serial, WebUSB and Web Bluetooth the printer code uses. TypeScript's DOM
 * library has none of them (they are Chromium's), and typing only what is used lets a test
 * hand in a fake with the same shape.
 */

export interface SerialPortInfo {
  usbVendorId?: number;
  usbProductId?: number;
  bluetoothServiceClassId?: number | string;
}

export interface SerialPortLike {
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  readonly writable: WritableStream<Uint8Array> | null;
  getInfo(): SerialPortInfo;
}

export interface SerialLike {
  requestPort(options?: object): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}

export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
}

export interface UsbAlternateLike {
  alternateSetting: number;
  interfaceClass: number;
  endpoints: UsbEndpointLike[];
}

export interface UsbInterfaceLike {
  interfaceNumber: number;
  alternates: UsbAlternateLike[];
}

export interface UsbConfigurationLike {
  configurationValue: number;
  interfaces: UsbInterfaceLike[];
}

export interface UsbTransferResult {
  status: 'ok' | 'stall' | 'babble';
  bytesWritten: number;
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | undefined;
  readonly productName?: string | undefined;
  readonly opened: boolean;
  readonly configuration: UsbConfigurationLike | null;
  readonly configurations: UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(number: number): Promise<void>;
  releaseInterface(number: number): Promise<void>;
  selectAlternateInterface(number: number, alternate: number): Promise<void>;
  transferOut(endpoint: number, data: Uint8Array): Promise<UsbTransferResult>;
  clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void>;
}

export interface UsbLike {
  requestDevice(options: { filters: Array<{ classCode?: number }> }): Promise<UsbDeviceLike>;
  getDevices(): Promise<UsbDeviceLike[]>;
}

export interface GattCharacteristicLike {
  readonly uuid: string;
  readonly properties: { write: boolean; writeWithoutResponse: boolean };
  writeValueWithResponse?(value: Uint8Array): Promise<void>;
  writeValueWithoutResponse?(value: Uint8Array): Promise<void>;
  writeValue?(value: Uint8Array): Promise<void>;
}

export interface GattServiceLike {
  getCharacteristics(): Promise<GattCharacteristicLike[]>;
}

export interface GattServerLike {
  readonly connected: boolean;
  connect(): Promise<GattServerLike>;
  disconnect(): void;
  getPrimaryService(uuid: string): Promise<GattServiceLike>;
}

export interface BluetoothDeviceLike {
  readonly id: string;
  readonly name?: string | undefined;
  readonly gatt?: GattServerLike | undefined;
}

export interface BluetoothLike {
  requestDevice(options: { filters: Array<{ services: string[] }>; optionalServices: string[] }): Promise<BluetoothDeviceLike>;
  /** Devices this origin was already allowed (Chromium's newer permission backend); absent elsewhere. */
  getDevices?(): Promise<BluetoothDeviceLike[]>;
}

/** The device APIs this browser has, each absent where it has not. */
export interface DeviceApis {
  serial?: SerialLike | undefined;
  usb?: UsbLike | undefined;
  bluetooth?: BluetoothLike | undefined;
}

export function deviceApis(nav: Navigator = navigator): DeviceApis {
  const found = nav as Navigator & DeviceApis;
  return { serial: found.serial ?? undefined, usb: found.usb ?? undefined, bluetooth: found.bluetooth ?? undefined };
}

/** An open way to the printer: bytes in order, at most `chunkBytes` a write. */
export interface PrinterLink {
  readonly chunkBytes: number;
  write(chunk: Uint8Array): Promise<void>;
  /** Lets the device go (for the next print, or another program); never throws. */
  close(): Promise<void>;
}

/** What finds the same device again among those the browser already allowed. */
export interface PrinterMatch {
  usbVendorId?: number;
  usbProductId?: number;
  serialNumber?: string;
  bluetoothId?: string;
}

/** A printer found (chosen now, or remembered and present), ready to open. */
export interface FoundPrinter {
  match: PrinterMatch;
  /** What the operator sees it called (the device's own name, or its USB ids). */
  name: string;
  open(): Promise<PrinterLink>;
}
