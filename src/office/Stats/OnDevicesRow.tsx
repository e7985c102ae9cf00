import { useOfficeText } from '../use-office-text';

/**
 * Filings still on the devices: amber hatching with a dark edge, unlike the solid blues of the
 * server's ages, so it reads apart in greyscale and to colour-blind eyes; its label says it too.
 */
const HATCH = { background: '#fee0b6', stripe: '#b35806', edge: '#7a4b00' };

function Hatch({ id }: { id: string }) {
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="8" height="8" fill={HATCH.background} />
      <rect width="3" height="8" fill={HATCH.stripe} />
    </pattern>
  );
}

interface Geometry {
  labelBaseline: number;
  barTop: number;
  barHeight: number;
}

/** The chart's first row: its label, a hatched bar on the chart's scale, and the count after it. */
export function OnDevicesRow({ count, width, geometry }: { count: number; width: number; geometry: Geometry }) {
  const { text } = useOfficeText();
  const label = text('stats.onDevices');
  return (
    <g data-testid="chart-on-devices" data-count={count}>
      <defs>
        <Hatch id="chart-on-devices-hatch" />
      </defs>
      <text class="chart__label" x={0} y={geometry.labelBaseline}>
        {label}
      </text>
      {count ? (
        <g>
          <title>{`${label}: ${count}`}</title>
          <rect data-testid="chart-on-devices-bar" x={0.5} y={geometry.barTop + 0.5} width={Math.max(1, width - 1)} height={geometry.barHeight - 1} fill="url(#chart-on-devices-hatch)" stroke={HATCH.edge} stroke-width={1} />
        </g>
      ) : null}
      <text class="chart__total" x={(count ? width : 0) + 6} y={geometry.barTop + geometry.barHeight / 2} dominant-baseline="central">
        {count}
      </text>
    </g>
  );
}

/** The legend's sample of the hatching. */
export function OnDevicesSwatch() {
  return (
    <svg width="16" height="16" aria-hidden="true" focusable="false">
      <defs>
        <Hatch id="chart-on-devices-swatch" />
      </defs>
      <rect x="0.5" y="0.5" width="15" height="15" fill="url(#chart-on-devices-swatch)" stroke={HATCH.edge} stroke-width="1" />
    </svg>
  );
}
