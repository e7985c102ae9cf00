import { useOfficeText } from '../use-office-text';
import type { FleetDevice } from '../office-api';
import { columnKey, FLEET_COLUMNS } from './fleet-columns';
import { FleetRow } from './FleetRow';

/**
 * A real table (a row per device, a header per column) on a desktop; on a phone each row is
 * a card, each cell with its column's name beside it, so nothing scrolls sideways.
 */
export function FleetTable({ devices, showOffice }: { devices: FleetDevice[]; showOffice: boolean }) {
  const { text } = useOfficeText();
  // One clock for the whole table: every "ago" is measured from the same moment.
  const now = Date.now();
  return (
    <table class="fleet-table" data-testid="fleet-table">
      <caption>{text('fleet.table')}</caption>
      <thead>
        <tr>
          <th scope="col">{text(columnKey('device'))}</th>
          {FLEET_COLUMNS.map((column) => (
            <th scope="col" key={column}>
              {text(columnKey(column))}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => (
          <FleetRow key={device.id} device={device} now={now} showOffice={showOffice} />
        ))}
      </tbody>
    </table>
  );
}
