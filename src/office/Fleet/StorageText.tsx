import { useOfficeText } from '../use-office-text';
import type { FleetDevice } from '../office-api';
import { storageFigures } from './storage-figures';

/** Used of quota, a warning in words when nearly full, and whether the browser may clear it. */
export function StorageText({ device }: { device: FleetDevice }) {
  const { text, lang } = useOfficeText();
  const figures = storageFigures(device.storageUsed, device.storageQuota, lang);
  if (!figures && device.storagePersisted === null) return <span class="fleet-muted">{text('fleet.notReported')}</span>;
  return (
    <>
      {figures ? (
        <span class={figures.nearFull ? 'fleet-strong fleet-warning' : undefined} data-testid="fleet-storage" data-near-full={String(figures.nearFull)}>
          {figures.nearFull ? (
            <>
              <span aria-hidden="true">⚠ </span>
              <strong>{text('fleet.nearFull')}:</strong>{' '}
            </>
          ) : null}
          {text('fleet.storageOf', { used: figures.used, quota: figures.quota, percent: figures.percent })}
        </span>
      ) : null}
      {device.storagePersisted === null ? null : (
        <span class={device.storagePersisted ? 'fleet-muted' : 'fleet-warning'} data-testid="fleet-persisted" data-persisted={String(device.storagePersisted)}>
          {device.storagePersisted ? text('fleet.persisted.yes') : text('fleet.persisted.no')}
        </span>
      )}
    </>
  );
}
