// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../src/domain/envelope';
import { translate } from '../../../src/i18n';
import { ReceiptActions } from '../../../src/receipts/ReceiptView/ReceiptActions';
import type { ReceiptPicture } from '../../../src/receipts/receipt-canvas';
import { PAPER_DOTS, type PaperWidth } from '../../../src/receipts/thermal/receipt-bitmap';
import { SahejDatabase } from '../../../src/store/database';
import { loadThermalPrinter } from '../../../src/store/thermal-printer';
import type { Filing } from '../../../src/store/types';
import { AppProvider, type AppRuntime } from '../../../src/ui/app-context';
import { I18nProvider } from '../../../src/ui/i18n-context';
import { decodeEscpos } from '../../support/escpos-decoder';
import { FakeSerial, FakeSerialPort } from '../../support/fake-printers';
import { sampleEnvelope } from '../../support/sample-envelope';

// happy-dom has no canvas: the picture's dots are the e2e test's (thermal-printer.test.ts, in
// Chromium). Here the drawing is a stand-in as wide as the paper, with the picture's line count
// as its height, so what the panel hands the printer can still be told apart.
const drawn: Array<{ picture: ReceiptPicture; paper: PaperWidth }> = [];
vi.mock('../../../src/receipts/thermal/receipt-bitmap', async (original) => {
  const actual = await original<typeof import('../../../src/receipts/thermal/receipt-bitmap')>();
  return {
    ...actual,
    receiptBitmap: async (picture: ReceiptPicture, paper: PaperWidth) => {
      drawn.push({ picture, paper });
      const bytesPerRow = actual.PAPER_DOTS[paper] / 8;
      const height = 100 + picture.lines.length;
      return { width: actual.PAPER_DOTS[paper], height, bytesPerRow, data: new Uint8Array(bytesPerRow * height).fill(0xaa) };
    },
  };
});

const filing: Filing = (() => {
  const envelope = sampleEnvelope({ name: 'सीता क्षत्रिय', capturedAt: new Date('2026-11-28T06:30:00Z') }) as unknown as Envelope;
  return { id: envelope.id, type: 'new_connection', envelope, hash: '0'.repeat(64), receiptNo: 'LKO1-D01-000042', capturedAt: envelope.capturedAt, name: 'सीता क्षत्रिय', nameWords: ['सीता', 'क्षत्रिय'], mobile: '9876543210', state: 'pending' };
})();

let db: SahejDatabase;
let root: HTMLElement;
let count = 0;

function withApis(apis: { serial?: FakeSerial }) {
  for (const name of ['serial', 'usb', 'bluetooth'] as const) {
    Object.defineProperty(navigator, name, { value: name === 'serial' ? apis.serial : undefined, configurable: true });
  }
}

async function settle(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  if (!check()) throw new Error(`never: ${what}`);
}

function mount(lang: 'hi' | 'en') {
  localStorage.setItem('sahej.lang', lang);
  const runtime = { db } as unknown as AppRuntime;
  act(() =>
    render(
      <AppProvider runtime={runtime}>
        <I18nProvider>
          <ReceiptActions filing={filing} qrText="HTTPS://SAHEJ.EXAMPLE/R/#ABC" />
        </I18nProvider>
      </AppProvider>,
      root,
    ),
  );
}

const buttons = () => [...root.querySelectorAll('button')].map((button) => button.textContent!.trim());
const button = (text: string) => [...root.querySelectorAll('button')].find((candidate) => candidate.textContent!.trim() === text)!;
const click = (text: string) => act(() => button(text).click());

beforeEach(() => {
  Object.defineProperty(globalThis, 'isSecureContext', { value: true, configurable: true });
  db = new SahejDatabase(`thermal-ui-${process.pid}-${++count}`);
  root = document.createElement('div');
  document.body.append(root);
  drawn.length = 0;
});

afterEach(async () => {
  act(() => render(null, root));
  root.remove();
  db.close();
  withApis({});
  vi.restoreAllMocks();
});

describe('the thermal printer choice', () => {
  const en = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate('en', key, params);
  const printDialog = [en('receipt.print58'), en('receipt.print80'), en('receipt.printA4'), en('receipt.pdf'), en('receipt.share')];

  it('is not there where the browser has no Web Serial, WebUSB or Web Bluetooth: the print dialog’s buttons are', () => {
    withApis({});
    mount('en');
    expect(buttons()).toEqual(printDialog);
    expect(root.querySelector('[data-testid="thermal-toggle"]')).toBeNull();
  });

  it('chooses a serial printer and 80 mm paper, prints 576 dots across, remembers it, and prints the next time without the chooser', async () => {
    const port = new FakeSerialPort();
    const serial = new FakeSerial(port);
    withApis({ serial });
    mount('en');
    expect(buttons()).toEqual([...printDialog, en('thermal.button')]);
    click(en('thermal.button'));
    await settle(() => !!button(en('thermal.connect.serial')), 'the panel');
    // Only the ways this browser has: no USB, no Bluetooth here.
    expect(buttons()).not.toContain(en('thermal.connect.usb'));
    expect(buttons()).not.toContain(en('thermal.connect.bluetooth'));
    const paper = root.querySelector<HTMLSelectElement>('#thermal-paper')!;
    act(() => {
      paper.value = '80';
      paper.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click(en('thermal.connect.serial'));
    await settle(() => root.textContent!.includes(en('thermal.done')), 'printed');
    expect(serial.requests).toBe(1);
    expect(drawn.map(({ paper }) => paper)).toEqual(['80']);
    expect(drawn[0]!.picture.qr).toBeDefined();
    const job = decodeEscpos(port.bytes);
    expect(job.width).toBe(PAPER_DOTS['80']);
    expect(job.height).toBe(100 + drawn[0]!.picture.lines.length);
    expect(await loadThermalPrinter(db)).toMatchObject({ transport: 'serial', paper: '80', match: { usbVendorId: 0x0416, usbProductId: 0x5011 }, name: 'USB 0416:5011' });
    await settle(() => root.textContent!.includes(en('thermal.remembered', { name: 'USB 0416:5011', paper: '80', transport: en('thermal.transport.serial') })), 'the remembered printer');

    port.log.writes.length = 0;
    click(en('thermal.print'));
    await settle(() => port.bytes.length > 0 && !button(en('thermal.print')).disabled, 'printed again');
    expect(serial.requests).toBe(1);
    expect(decodeEscpos(port.bytes).width).toBe(576);
  });

  it('on 58 mm paper prints 384 dots across', async () => {
    const port = new FakeSerialPort();
    withApis({ serial: new FakeSerial(port) });
    mount('en');
    click(en('thermal.button'));
    await settle(() => !!button(en('thermal.connect.serial')), 'the panel');
    expect(root.querySelector<HTMLSelectElement>('#thermal-paper')!.value).toBe('58');
    click(en('thermal.connect.serial'));
    await settle(() => root.textContent!.includes(en('thermal.done')), 'printed');
    expect(decodeEscpos(port.bytes).width).toBe(PAPER_DOTS['58']);
  });

  it('a printer lost mid-print says so in Hindi, keeps the remembered printer and every other way to print', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const port = new FakeSerialPort();
    const serial = new FakeSerial(port);
    withApis({ serial });
    mount('hi');
    click(translate('hi', 'thermal.button'));
    await settle(() => !!button(translate('hi', 'thermal.connect.serial')), 'the panel');
    port.failAtWrite = 2;
    click(translate('hi', 'thermal.connect.serial'));
    await settle(() => !!root.querySelector('[data-testid="thermal-error"]'), 'the error');
    const alert = root.querySelector('[data-testid="thermal-error"]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.getAttribute('data-code')).toBe('disconnected');
    expect(alert.textContent).toContain(translate('hi', 'thermal.error.disconnected'));
    expect(alert.textContent).toContain(translate('hi', 'thermal.keepsReceipt'));
    expect(port.opened).toBe(false);
    const saved = await loadThermalPrinter(db);
    expect(saved).toMatchObject({ transport: 'serial', paper: '58' });
    for (const key of ['receipt.print58', 'receipt.print80', 'receipt.printA4', 'receipt.pdf', 'receipt.share'] as const) expect(button(translate('hi', key)).disabled).toBe(false);

    // Plugged in again: the remembered printer prints the whole receipt, the error gone.
    port.failAtWrite = undefined;
    port.log.writes.length = 0;
    await settle(() => !!button(translate('hi', 'thermal.print')), 'the remembered printer');
    click(translate('hi', 'thermal.print'));
    await settle(() => root.textContent!.includes(translate('hi', 'thermal.done')), 'printed');
    expect(root.querySelector('[data-testid="thermal-error"]')).toBeNull();
    expect(decodeEscpos(port.bytes).commands.at(-1)).toBe('cut');
    expect(await loadThermalPrinter(db)).toEqual(saved);
  });

  it('a chooser closed with no printer says no printer was chosen and remembers nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    withApis({ serial: new FakeSerial(undefined) });
    mount('en');
    click(en('thermal.button'));
    await settle(() => !!button(en('thermal.connect.serial')), 'the panel');
    click(en('thermal.connect.serial'));
    await settle(() => !!root.querySelector('[data-testid="thermal-error"]'), 'the error');
    expect(root.querySelector('[data-testid="thermal-error"]')!.textContent).toContain(en('thermal.error.no_printer'));
    expect(await loadThermalPrinter(db)).toBeUndefined();
    expect(drawn).toEqual([]);
  });
});
