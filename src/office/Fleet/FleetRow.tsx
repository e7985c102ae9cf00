import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../domain/format-dates';
import { useOfficeText } from '../use-office-text';
import type { FleetDevice } from '../office-api';
import { sinceOf, type Duration } from './durations';
import { columnKey, type FleetColumn } from './fleet-columns';
import { StorageText } from './StorageText';

/** A cell with its column's name, shown only where the table is laid out as cards (the header says it otherwise). */
function Cell({ column, children }: { column: FleetColumn; children: ComponentChildren }) {
  const { text } = useOfficeText();
  return (
    <td class="fleet-cell" data-column={column}>
      <span class="fleet-cell__label" aria-hidden="true">
        {text(columnKey(column))}
      </span>
      <span class="fleet-cell__value">{children}</span>
    </td>
  );
}

export function FleetRow({ device, now, showOffice }: { device: FleetDevice; now: number; showOffice: boolean }) {
  const { text, lang } = useOfficeText();
  const words = (duration: Duration) => text(duration.key, { n: duration.n });
  const ago = (iso: string) => {
    const since = sinceOf(iso, now);
    return since.key === 'duration.underMinute' ? text('fleet.justNow') : text('fleet.ago', { duration: words(since) });
  };
  const silence = sinceOf(device.lastSeenAt ?? device.enrolledAt, now);

  return (
    <tr
      class={`fleet-row${device.flagged ? ' fleet-row--flagged' : ''}`}
      data-testid="fleet-row"
      data-id={device.id}
      data-flagged={String(device.flagged)}
      data-unsent={device.unsent}
      data-reconcile={device.reconcile}
    >
      <th scope="row" class="fleet-cell fleet-cell--device">
        <span class="fleet-device__name">{device.label ?? device.id}</span>
        {device.label ? <span class="fleet-device__id">{device.id}</span> : null}
        {showOffice ? <span class="fleet-device__id">{text('fleet.office', { office: device.office })}</span> : null}
        {device.revoked ? <span class="badge fleet-device__revoked">{text('fleet.revoked')}</span> : null}
        {device.flagged ? (
          // The flag in words as well as its colour and border: it reads in greyscale and to a screen reader.
          <span class="fleet-flag" data-testid="fleet-flag">
            <span aria-hidden="true">⚠ </span>
            <strong>{text('fleet.flagTag')}:</strong> {text('fleet.flagReason', { duration: words(silence) })}
          </span>
        ) : null}
      </th>
      <Cell column="operator">{device.operator ?? <span class="fleet-muted">{text('fleet.noOperator')}</span>}</Cell>
      <Cell column="lastSeen">
        {device.lastSeenAt ? (
          <>
            <span class="fleet-strong" data-testid="fleet-last-seen-ago">
              {ago(device.lastSeenAt)}
            </span>
            <time class="fleet-muted" dateTime={device.lastSeenAt} data-testid="fleet-last-seen-at">
              {formatDateTime(device.lastSeenAt, lang)}
            </time>
          </>
        ) : (
          <span class="fleet-muted">{text('fleet.never')}</span>
        )}
      </Cell>
      <Cell column="unsent">
        <span class="fleet-strong" data-testid="fleet-unsent">
          {device.unsent}
        </span>
        {device.unsent && device.oldestUnsentAt ? (
          <span class="fleet-muted" data-testid="fleet-oldest">
            {text('fleet.oldest', { duration: words(sinceOf(device.oldestUnsentAt, now)) })}
          </span>
        ) : device.lastSeenAt && !device.unsent ? (
          <span class="fleet-muted">{text('fleet.allSent')}</span>
        ) : null}
      </Cell>
      <Cell column="attention">
        <span class={device.attention ? 'fleet-strong fleet-attention' : 'fleet-strong'} data-testid="fleet-attention">
          {device.attention ? <span aria-hidden="true">⚠ </span> : null}
          {device.attention}
        </span>
      </Cell>
      <Cell column="app">{device.appVersion ?? <span class="fleet-muted">{text('fleet.notReported')}</span>}</Cell>
      <Cell column="storage">
        <StorageText device={device} />
      </Cell>
      <Cell column="reconcile">
        <span class={`fleet-reconcile fleet-reconcile--${device.reconcile}`} data-testid="fleet-reconcile">
          {text(`fleet.reconcile.${device.reconcile}`)}
        </span>
      </Cell>
    </tr>
  );
}
