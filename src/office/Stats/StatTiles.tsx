import { linkTo } from '../../ui/router';
import { isFinal } from '../../domain/status';
import { backlogPath } from '../backlog-query';
import { useOfficeText } from '../use-office-text';
import type { BacklogStats } from '../office-api';

/** The two numbers an office acts on first, each with its share of the open applications and a link to the list of them. */
export function StatTiles({ stats, office }: { stats: BacklogStats; office: string | undefined }) {
  const { text } = useOfficeText();
  const open = stats.byStatus.filter((row) => !isFinal(row.status)).reduce((sum, row) => sum + row.total, 0);
  const tiles = [
    { id: 'breached', count: stats.breached, label: text('stats.breached'), path: backlogPath({ page: 1, office, breached: true }), alarm: stats.breached > 0 },
    { id: 'unverified', count: stats.mobileUnverified, label: text('stats.unverified'), path: backlogPath({ page: 1, office, mobile: 'unverified' }), alarm: false },
  ];
  return (
    <ul class="stat-tiles">
      {tiles.map((tile) => (
        <li key={tile.id}>
          <a class={`stat-tile${tile.alarm ? ' stat-tile--alarm' : ''}`} {...linkTo({ name: 'office', path: tile.path })} data-testid={`stats-${tile.id}`} data-count={tile.count}>
            <span class="stat-tile__number">
              {tile.alarm ? <span aria-hidden="true">⚠ </span> : null}
              {tile.count}
            </span>
            <span class="stat-tile__label">{tile.label}</span>
            <span class="stat-tile__share">{text('stats.ofOpen', { open })}</span>
            <svg class="stat-tile__meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect width="100" height="8" fill="#eaeef2" />
              <rect width={open ? (100 * tile.count) / open : 0} height="8" fill={tile.alarm ? '#b3261e' : '#2171b5'} />
            </svg>
          </a>
        </li>
      ))}
    </ul>
  );
}
