import type {
  BluetoothDeviceLike,
  BluetoothLike,
  GattCharacteristicLike,
  GattServerLike,
  SerialLike,
  SerialPortInfo,
  SerialPortLike,
  UsbConfigurationLike,
  UsbDeviceLike,
  UsbLike,
  UsbTransferResult,
} from '../../src/receipts/thermal/web-devices';

/** What a fake printer was sent, write by write, and how it was used. */
export interface PrinterLog {
  writes: Uint8Array[];
  events: string[];
}

function bytesOf(writes: Uint8Array[]): Uint8Array {
  return Uint8Array.from(writes.flatMap((write) => [...write]));
}

/**
 * A serial port as Web Serial hands one out: open() with a baud rate, a WritableStream while
 * open, getInfo(). `failAtWrite` (1-based) makes that write fail as an unplugged USB-serial
 * adapter does (a NetworkError, after which the port has no stream).
 */
export class FakeSerialPort implements SerialPortLike {
  readonly log: PrinterLog = { writes: [], events: [] };
  failAtWrite: number | undefined;
  failWith = () => new DOMException('The device has been lost.', 'NetworkError');
  openError: DOMException | undefined;
  baudRate: number | undefined;
  private stream: WritableStream<Uint8Array> | null = null;

  constructor(private readonly info: SerialPortInfo = { usbVendorId: 0x0416, usbProductId: 0x5011 }) {}

  get opened(): boolean {
    return this.stream !== null;
  }

  get writable(): WritableStream<Uint8Array> | null {
    return this.stream;
  }

  get bytes(): Uint8Array {
    return bytesOf(this.log.writes);
  }

  getInfo(): SerialPortInfo {
    return { ...this.info };
  }

  async open({ baudRate }: { baudRate: number }): Promise<void> {
    if (this.openError) throw this.openError;
    if (this.stream) throw new DOMException('The port is already open.', 'InvalidStateError');
    this.baudRate = baudRate;
    this.log.events.push(`open ${baudRate}`);
    this.stream = new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (this.failAtWrite === this.log.writes.length + 1) {
          this.log.events.push('lost');
          throw this.failWith();
        }
        // Copied: the caller's buffer is its own to reuse.
        this.log.writes.push(Uint8Array.from(chunk));
      },
      close: () => void this.log.events.push('flushed'),
    });
  }

  async close(): Promise<void> {
    if (!this.stream) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.stream.locked) throw new TypeError('Cannot cancel a locked stream');
    this.stream = null;
    this.log.events.push('close');
  }
}

export class FakeSerial implements SerialLike {
  requests = 0;
  constructor(
    public chosen: FakeSerialPort | undefined,
    public allowed: FakeSerialPort[] = chosen ? [chosen] : [],
  ) {}
  async requestPort(): Promise<SerialPortLike> {
    this.requests++;
    if (!this.chosen) throw new DOMException('No port selected by the user.', 'NotFoundError');
    return this.chosen;
  }
  async getPorts(): Promise<SerialPortLike[]> {
    return this.allowed;
  }
}

/** A USB printer (class 7, a bulk OUT endpoint 1 on interface 0) as WebUSB hands one out. */
export class FakeUsbDevice implements UsbDeviceLike {
  readonly log: PrinterLog = { writes: [], events: [] };
  opened = false;
  configuration: UsbConfigurationLike | null = null;
  claimed = new Set<number>();
  /** 1-based: that transfer rejects (gone) or stalls. */
  failAtWrite: number | undefined;
  failure: 'gone' | 'stall' = 'gone';
  claimError: DOMException | undefined;

  constructor(
    readonly vendorId = 0x0483,
    readonly productId = 0x5743,
    readonly serialNumber: string | undefined = 'P-001',
    readonly productName: string | undefined = 'POS-58',
    readonly configurations: UsbConfigurationLike[] = [
      {
        configurationValue: 1,
        interfaces: [
          {
            interfaceNumber: 0,
            alternates: [{ alternateSetting: 0, interfaceClass: 7, endpoints: [{ endpointNumber: 2, direction: 'in', type: 'bulk' }, { endpointNumber: 1, direction: 'out', type: 'bulk' }] }],
          },
        ],
      },
    ],
  ) {}

  get bytes(): Uint8Array {
    return bytesOf(this.log.writes);
  }

  async open() {
    this.opened = true;
    this.log.events.push('open');
  }
  async close() {
    this.opened = false;
    this.configuration = null;
    this.log.events.push('close');
  }
  async selectConfiguration(value: number) {
    this.configuration = this.configurations.find((configuration) => configuration.configurationValue === value) ?? null;
    this.log.events.push(`configuration ${value}`);
  }
  async claimInterface(number: number) {
    if (this.claimError) throw this.claimError;
    this.claimed.add(number);
    this.log.events.push(`claim ${number}`);
  }
  async releaseInterface(number: number) {
    this.claimed.delete(number);
    this.log.events.push(`release ${number}`);
  }
  async selectAlternateInterface(number: number, alternate: number) {
    this.log.events.push(`alternate ${number} ${alternate}`);
  }
  async transferOut(endpoint: number, data: Uint8Array): Promise<UsbTransferResult> {
    if (!this.opened || !this.claimed.size) throw new DOMException('The device must be opened and claimed first.', 'InvalidStateError');
    if (this.failAtWrite === this.log.writes.length + 1) {
      if (this.failure === 'gone') throw new DOMException('The device was disconnected.', 'NotFoundError');
      return { status: 'stall', bytesWritten: 0 };
    }
    this.log.events.push(`out ${endpoint} ${data.length}`);
    this.log.writes.push(Uint8Array.from(data));
    return { status: 'ok', bytesWritten: data.length };
  }
  async clearHalt(direction: 'in' | 'out', endpoint: number) {
    this.log.events.push(`clear ${direction} ${endpoint}`);
  }
}

export class FakeUsb implements UsbLike {
  filters: unknown[] = [];
  constructor(
    public chosen: FakeUsbDevice | undefined,
    public allowed: FakeUsbDevice[] = chosen ? [chosen] : [],
  ) {}
  async requestDevice(options: { filters: Array<{ classCode?: number }> }) {
    this.filters.push(options.filters);
    if (!this.chosen) throw new DOMException('No device selected.', 'NotFoundError');
    return this.chosen;
  }
  async getDevices() {
    return this.allowed;
  }
}

/** A Bluetooth LE printer with one service and one characteristic, as Web Bluetooth hands one out. */
export class FakeBluetoothPrinter implements BluetoothDeviceLike {
  readonly log: PrinterLog = { writes: [], events: [] };
  failAtWrite: number | undefined;
  connected = false;
  readonly gatt: GattServerLike;

  constructor(
    readonly id: string,
    readonly name: string | undefined,
    service: string,
    characteristicUuid: string,
    properties: { write: boolean; writeWithoutResponse: boolean },
  ) {
    const printer = this;
    const record = (how: string) => async (value: Uint8Array) => {
      if (!printer.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
      if (printer.failAtWrite === printer.log.writes.length + 1) {
        printer.connected = false;
        throw new DOMException('GATT Server is disconnected.', 'NetworkError');
      }
      printer.log.events.push(`${how} ${value.length}`);
      printer.log.writes.push(Uint8Array.from(value));
    };
    const characteristic: GattCharacteristicLike = {
      uuid: characteristicUuid,
      properties,
      writeValueWithResponse: record('with'),
      writeValueWithoutResponse: record('without'),
    };
    this.gatt = {
      get connected() {
        return printer.connected;
      },
      async connect() {
        printer.connected = true;
        printer.log.events.push('connect');
        return printer.gatt;
      },
      disconnect() {
        printer.connected = false;
        printer.log.events.push('disconnect');
      },
      async getPrimaryService(uuid: string) {
        if (uuid !== service) throw new DOMException(`No Services matching UUID ${uuid} found in Device.`, 'NotFoundError');
        return { getCharacteristics: async () => [characteristic] };
      },
    };
  }

  get bytes(): Uint8Array {
    return bytesOf(this.log.writes);
  }
}

export class FakeBluetooth implements BluetoothLike {
  requests: Array<{ filters: Array<{ services: string[] }>; optionalServices: string[] }> = [];
  getDevices?: () => Promise<BluetoothDeviceLike[]>;
  constructor(
    public chosen: FakeBluetoothPrinter | undefined,
    allowed?: FakeBluetoothPrinter[],
  ) {
    if (allowed) this.getDevices = async () => allowed;
  }
  async requestDevice(options: { filters: Array<{ services: string[] }>; optionalServices: string[] }) {
    this.requests.push(options);
    if (!this.chosen) throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
    return this.chosen;
  }
}
