import { RangeSet } from 'dexie';

// Dexie's own event for changes made elsewhere (another tab, a worker): it re-runs every
// live query and drops their cached results. Dexie sends it itself over a
// BroadcastChannel, and dispatches this same event when a page comes back from the
// back/forward cache; this module only adds a way to send it by hand.
const DEXIE_STORAGE_MUTATED_EVENT = 'x-storagemutated-1';

/**
 * Re-reads every live query in this page: after the service worker drained, in case
 * Dexie's broadcast of its changes was missed (a page frozen meanwhile).
 */
export function refreshLiveQueries(): void {
  if (typeof dispatchEvent !== 'function') return;
  dispatchEvent(new CustomEvent(DEXIE_STORAGE_MUTATED_EVENT, { detail: { all: new RangeSet(-Infinity, [[]]) } }));
}
