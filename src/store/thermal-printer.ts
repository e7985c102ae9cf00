import type { SahejDatabase } from './database';
import type { ThermalPrinterRecord } from './types';

export async function loadThermalPrinter(db: SahejDatabase): Promise<ThermalPrinterRecord | undefined> {
  return (await db.meta.get('thermalPrinter')) as ThermalPrinterRecord | undefined;
}

export async function saveThermalPrinter(db: SahejDatabase, printer: Omit<ThermalPrinterRecord, 'key'>): Promise<void> {
  await db.meta.put({ key: 'thermalPrinter', ...printer });
}
