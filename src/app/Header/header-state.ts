import type { QueueSummary } from '../../sync/outbox';

export type HeaderState = { kind: 'offline'; pending: number } | { kind: 'sending'; pending: number } | { kind: 'attention'; attention: number } | { kind: 'all-sent' };

/**
 * What the header may honestly claim. "All sent" only when nothing is queued or parked and
 * the server answers; no network, or a server that does not answer, is "offline" whatever
 * the queue holds; filings, documents and answers to objections all count as still to send.
 */
export function headerState(summary: QueueSummary, online: boolean): HeaderState {
  if (!online || !summary.reachable) return { kind: 'offline', pending: summary.pending };
  if (summary.pending) return { kind: 'sending', pending: summary.pending };
  if (summary.attention) return { kind: 'attention', attention: summary.attention };
  return { kind: 'all-sent' };
}
