import type { OfficeKey } from '../../i18n/office';

/** The columns after the device, in order; FleetRow draws a cell for each. */
export const FLEET_COLUMNS = ['operator', 'lastSeen', 'unsent', 'attention', 'app', 'storage', 'reconcile'] as const;
export type FleetColumn = (typeof FLEET_COLUMNS)[number];

/** A column's header, which is also each card cell's label on a phone. */
export const columnKey = (column: FleetColumn | 'device'): OfficeKey => `fleet.col.${column}`;
