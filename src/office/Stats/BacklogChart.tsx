import { useRef } from 'preact/hooks';
import { AGE_BUCKETS } from '../../domain/service-clock';
import { linkTo } from '../../ui/router';
import { FLEET_PATH } from '../Fleet/fleet-query';
import { useOfficeText } from '../use-office-text';
import type { BacklogStats } from '../office-api';
import { AGE_COLOURS } from './age-colours';
import { OnDevicesRow, OnDevicesSwatch } from './OnDevicesRow';
import { useWidth } from './use-width';

// One row per stage: its name on a line of its own (long Hindi names fit a phone), the bar below.
const ROW_HEIGHT = 56;
const LABEL_BASELINE = 18;
const BAR_TOP = 26;
const BAR_HEIGHT = 24;
// Room after the longest bar for its total.
const TOTAL_ROOM = 48;
// A segment narrower than this shows its count only in its tooltip, the summary and the table.
const MIN_LABELLED_SEGMENT = 26;

/**
 * The backlog by stage × age as stacked horizontal bars, every bar on one scale; above the
 * server's stages, the filings still on the office's devices (as they last reported), hatched
 * in another hue, since the server cannot say how old they are.
 */
export function BacklogChart({ stats }: { stats: BacklogStats }) {
  const { text, textKey, tKey } = useOfficeText();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 320);
  const rows = stats.byStatus.filter((row) => row.total > 0);
  const scale = Math.max(1, stats.onDevices, ...rows.map((row) => row.total));
  const barRoom = Math.max(60, width - TOTAL_ROOM);
  const statusName = (status: string) => tKey(`serverStatus.${status}`);
  const summary = [
    text('stats.onDevicesCount', { n: stats.onDevices }),
    ...rows.map((row) =>
      text('stats.chartSummary', {
        status: statusName(row.status),
        total: row.total,
        buckets: AGE_BUCKETS.map((bucket) => text('stats.bucketCount', { bucket: textKey(`age.${bucket.id}`), n: row.byAge[bucket.id] })).join(', '),
      }),
    ),
  ].join('; ');

  return (
    <div class="chart" ref={box}>
      <svg class="chart__svg" role="img" aria-labelledby="chart-title" aria-describedby="chart-desc" width={width} height={(rows.length + 1) * ROW_HEIGHT} data-testid="stats-chart">
        <title id="chart-title">{text('stats.chart')}</title>
        <desc id="chart-desc">{summary}</desc>
        <OnDevicesRow count={stats.onDevices} width={(stats.onDevices / scale) * barRoom} geometry={{ labelBaseline: LABEL_BASELINE, barTop: BAR_TOP, barHeight: BAR_HEIGHT }} />
        {rows.map((row, index) => {
          let x = 0;
          return (
            <g key={row.status} transform={`translate(0 ${(index + 1) * ROW_HEIGHT})`} data-status={row.status}>
              <text class="chart__label" x={0} y={LABEL_BASELINE}>
                {statusName(row.status)}
              </text>
              {AGE_BUCKETS.map((bucket) => {
                const count = row.byAge[bucket.id];
                if (!count) return null;
                const segment = (count / scale) * barRoom;
                const left = x;
                x += segment;
                const colour = AGE_COLOURS[bucket.id];
                return (
                  <g key={bucket.id} data-bucket={bucket.id} data-count={count}>
                    <title>{`${statusName(row.status)}, ${textKey(`age.${bucket.id}`)}: ${count}`}</title>
                    <rect x={left} y={BAR_TOP} width={segment} height={BAR_HEIGHT} fill={colour.fill} stroke="#ffffff" stroke-width={1} />
                    {segment >= MIN_LABELLED_SEGMENT ? (
                      <text class="chart__count" x={left + segment / 2} y={BAR_TOP + BAR_HEIGHT / 2} fill={colour.ink} text-anchor="middle" dominant-baseline="central">
                        {count}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              <text class="chart__total" x={x + 6} y={BAR_TOP + BAR_HEIGHT / 2} dominant-baseline="central">
                {row.total}
              </text>
            </g>
          );
        })}
      </svg>
      <p class="chart-legend__title" id="chart-legend-title">
        {text('stats.legend')}
      </p>
      <ul class="chart-legend" aria-labelledby="chart-legend-title">
        {AGE_BUCKETS.map((bucket) => (
          <li key={bucket.id}>
            <svg width="16" height="16" aria-hidden="true" focusable="false">
              <rect x="0.5" y="0.5" width="15" height="15" fill={AGE_COLOURS[bucket.id].fill} stroke="#57606a" stroke-width="1" />
            </svg>
            {textKey(`age.${bucket.id}`)}
          </li>
        ))}
      </ul>
      <p class="chart-legend__extra" data-testid="chart-on-devices-legend">
        <OnDevicesSwatch />
        {text('stats.onDevicesLegend')}
      </p>
      <a class="chart-legend__link" {...linkTo({ name: 'office', path: FLEET_PATH })} data-testid="chart-see-devices">
        {text('stats.seeDevices')}
      </a>
    </div>
  );
}
