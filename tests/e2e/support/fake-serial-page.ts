/**
 * For addInitScript: a Web Serial that hands out one printer port and records every write,
 * installed before the app runs. `window.__fakeSerial` holds the writes (base64), how often
 * the chooser opened and which write (1-based) should fail as an unplugged port does.
 * Self-contained: Playwright sends this function's source to the page.
 */
export function installFakeSerial(): void {
  const state = { writes: [] as string[], requests: 0, granted: false, failAtWrite: 0, baudRate: 0, open: false };
  const encode = (chunk: Uint8Array) => {
    let binary = '';
    for (const byte of chunk) binary += String.fromCharCode(byte);
    return btoa(binary);
  };
  const port = {
    writable: null as WritableStream<Uint8Array> | null,
    getInfo: () => ({ usbVendorId: 0x0416, usbProductId: 0x5011 }),
    async open({ baudRate }: { baudRate: number }) {
      if (port.writable) throw new DOMException('The port is already open.', 'InvalidStateError');
      state.baudRate = baudRate;
      state.open = true;
      port.writable = new WritableStream<Uint8Array>({
        write(chunk) {
          if (state.failAtWrite === state.writes.length + 1) throw new DOMException('The device has been lost.', 'NetworkError');
          state.writes.push(encode(chunk));
        },
      });
    },
    async close() {
      port.writable = null;
      state.open = false;
    },
  };
  const serial = {
    async requestPort() {
      state.requests++;
      state.granted = true;
      return port;
    },
    async getPorts() {
      return state.granted ? [port] : [];
    },
  };
  Object.defineProperty(navigator, 'serial', { value: serial, configurable: true });
  (window as unknown as { __fakeSerial: typeof state }).__fakeSerial = state;
}
