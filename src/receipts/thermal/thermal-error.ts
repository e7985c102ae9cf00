import type { ThermalErrorCode } from '../../domain/thermal-error-codes';

export class ThermalError extends Error {
  constructor(
    readonly code: ThermalErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`thermal printer: ${code}`, options);
    this.name = 'ThermalError';
  }
}

/**
 * A device API's failure as one of our codes. The three APIs agree on DOMException names:
 * NotFoundError when a chooser closes with nothing chosen or a USB device is gone,
 * NetworkError when a port or GATT server is lost, InvalidStateError / NetworkError on an
 * open that something else holds.
 */
export function thermalError(error: unknown, during: 'choose' | 'open' | 'write'): ThermalError {
  if (error instanceof ThermalError) return error;
  const name = (error as { name?: unknown } | undefined)?.name;
  if (during === 'choose') return new ThermalError(name === 'NotFoundError' || name === 'AbortError' ? 'no_printer' : 'not_connected', { cause: error });
  if (during === 'open') return new ThermalError(name === 'NotFoundError' ? 'not_connected' : 'busy', { cause: error });
  return new ThermalError(name === 'NetworkError' || name === 'NotFoundError' ? 'disconnected' : 'write_failed', { cause: error });
}
