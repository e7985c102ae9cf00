import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../domain/format-dates';
import type { Lang } from '../../i18n';
import { exportBlob, exportFileName } from '../../store/export';
import { loadDevice } from '../../store/device';
import { requestPersistence } from '../../store/persistence';
import { readStorageStatus, type StorageStatus } from '../../store/storage-status';
import { loadSyncStatus, queueSummary } from '../../sync/outbox';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '—' : (bytes / 1024 / 1024).toFixed(1);
}

/** Free space in whole GB (one decimal below 10 GB): what an operator can act on. */
function freeGigabytes(used: number | undefined, quota: number | undefined): string {
  if (used === undefined || quota === undefined) return '—';
  const free = Math.max(0, quota - used) / 1024 ** 3;
  return free < 10 ? free.toFixed(1) : String(Math.floor(free));
}

function when(iso: string | undefined, lang: Lang): string {
  return iso ? formatDateTime(iso, lang) : '—';
}

/** Storage, queue and device facts an operator or a support person needs, and the export. */
export function Status() {
  const { db, engine } = useApp();
  const { t, lang } = useI18n();
  const [sending, setSending] = useState(false);
  const [storage, setStorage] = useState<StorageStatus>({});
  const [download, setDownload] = useState<{ url: string; name: string; size: number } | undefined>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState(false);
  const queue = useLiveQuery(() => queueSummary(db), []);
  const pending = queue?.pending;
  const attention = queue?.attention;
  const total = useLiveQuery(() => db.filings.count(), []);
  const sync = useLiveQuery(() => loadSyncStatus(db), []);
  const device = useLiveQuery(() => loadDevice(db), []);

  useEffect(() => {
    void readStorageStatus().then(setStorage);
  }, [total]);
  useEffect(() => () => download && URL.revokeObjectURL(download.url), [download]);

  const runExport = async () => {
    setExporting(true);
    setExportError(false);
    try {
      const blob = await exportBlob(db);
      setDownload({ url: URL.createObjectURL(blob), name: exportFileName(device?.deviceId ?? ''), size: blob.size });
    } catch (error) {
      console.error('sahej: export failed', error);
      setExportError(true);
    } finally {
      setExporting(false);
    }
  };

  return (
    <main class="status">
      <h1>{t('status.title')}</h1>
      <dl class="status__facts" data-testid="status-facts">
        <dt>{t('status.storage')}</dt>
        <dd data-testid="status-storage">{t('status.storageValue', { used: megabytes(storage.usageBytes), free: freeGigabytes(storage.usageBytes, storage.quotaBytes) })}</dd>
        <dt>{t('status.persisted')}</dt>
        <dd data-testid="status-persisted">
          {storage.persisted ? t('status.persisted.yes') : t('status.persisted.no')}
          {!storage.persisted ? (
            <button type="button" class="button button--small" onClick={async () => setStorage({ ...storage, persisted: await requestPersistence() })}>
              {t('status.persist')}
            </button>
          ) : null}
        </dd>
        <dt>{t('status.filings')}</dt>
        <dd>{total ?? '—'}</dd>
        <dt>{t('status.pending')}</dt>
        <dd data-testid="status-pending">{pending ?? '—'}</dd>
        <dd>
          <button
            type="button"
            class="button button--small"
            disabled={sending || !pending}
            data-testid="send-now"
            onClick={async () => {
              setSending(true);
              try {
                await engine.sendNow();
              } finally {
                setSending(false);
              }
            }}
          >
            {sending ? t('status.sendNowBusy') : t('status.sendNow')}
          </button>
        </dd>
        <dt>{t('status.attention')}</dt>
        <dd>{attention ?? '—'}</dd>
        <dt>{t('status.lastSync')}</dt>
        <dd data-testid="status-last-sync">{when(sync?.lastSuccessAt, lang)}</dd>
        <dt>{t('status.device')}</dt>
        <dd>{device ? `${device.deviceId} · ${device.operatorId}` : '—'}</dd>
      </dl>
      <h2>{t('export.title')}</h2>
      <p>{t('export.explain')}</p>
      <button type="button" class="button" disabled={exporting} onClick={() => void runExport()}>
        {exporting ? t('export.busy') : t('export.run')}
      </button>
      {download ? (
        <p>
          <a class="button" href={download.url} download={download.name} data-testid="export-download">
            {t('export.save', { mb: megabytes(download.size) })}
          </a>
        </p>
      ) : null}
      {exportError ? (
        <p class="form__summary" role="alert">
          {t('export.failed')}
        </p>
      ) : null}
    </main>
  );
}
