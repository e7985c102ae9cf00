import { AGE_BUCKETS } from '../../domain/service-clock';
import { useOfficeText } from '../use-office-text';
import type { BacklogStats } from '../office-api';

/** The chart's numbers as text, for whoever would rather read than look; the devices' row first, as in the chart. */
export function StatsTable({ stats }: { stats: BacklogStats }) {
  const { text, textKey, tKey } = useOfficeText();
  return (
    <details class="stats-table">
      <summary>{text('stats.table')}</summary>
      <div class="stats-table__scroll">
        <table data-testid="stats-table">
          <thead>
            <tr>
              <th scope="col">{text('stats.status')}</th>
              {AGE_BUCKETS.map((bucket) => (
                <th scope="col" key={bucket.id}>
                  {textKey(`age.${bucket.id}`)}
                </th>
              ))}
              <th scope="col">{text('stats.totalColumn')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="stats-on-devices">
              <th scope="row">{text('stats.onDevices')}</th>
              <td colSpan={AGE_BUCKETS.length}>{text('stats.noAge')}</td>
              <td data-testid="stats-row-total">{stats.onDevices}</td>
            </tr>
            {stats.byStatus.map((row) => (
              <tr key={row.status} data-status={row.status}>
                <th scope="row">{tKey(`serverStatus.${row.status}`)}</th>
                {AGE_BUCKETS.map((bucket) => (
                  <td key={bucket.id}>{row.byAge[bucket.id]}</td>
                ))}
                <td data-testid="stats-row-total">{row.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
