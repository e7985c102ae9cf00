import { randomBytes } from 'node:crypto';
import os from 'node:os';

/**
 * This process's name in the leases table: host and pid say to an operator which process
 * holds a loop, the random part keeps two processes apart even when a restarted one
 * (or one in another container) gets the same pid.
 */
export function newHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
}
