import { translate } from '../../i18n';

/**
 * Shown instead of the app when IndexedDB cannot be opened (a private window, storage
 * blocked by policy, a broken profile). Capturing a filing the device cannot keep would
 * repeat the very failure Sahej exists to prevent, so capture does not start. Both
 * languages at once: the language choice itself may be what cannot be stored.
 */
export function StorageUnavailable({ detail }: { detail: string }) {
  return (
    <main class="storage-unavailable" role="alert" data-testid="storage-unavailable">
      <h1 lang="hi">{translate('hi', 'storage.unavailable.title')}</h1>
      <p lang="hi">{translate('hi', 'storage.unavailable.body')}</p>
      <h2 lang="en">{translate('en', 'storage.unavailable.title')}</h2>
      <p lang="en">{translate('en', 'storage.unavailable.body')}</p>
      <p class="list__meta">{detail}</p>
    </main>
  );
}
