import type { SahejDatabase } from '../store/database';
import type { ChangesRecord } from '../store/types';
import { encodeHeartbeat, fitHeartbeat } from '../domain/heartbeat';
import type { ApiClient } from './api-client';
import { collectHeartbeat } from './heartbeat';

export type PullOutcome = { kind: 'pulled'; applied: number; epochChanged: boolean } | { kind: 'unreachable' };

/**
 * Brings the office's status changes to the filings on this device, page by page from
 * where the last pull stopped. A new data epoch (the server was restored from a backup)
 * resets the cursor and is reported, so the caller reconciles at once. The first page's
 * request carries the device's heartbeat (what it still holds), the rest go bare.
 */
export async function pullChanges(db: SahejDatabase, api: ApiClient, token: string): Promise<PullOutcome> {
  const saved = (await db.meta.get('changes')) as ChangesRecord | undefined;
  let cursor = saved?.cursor ?? '0';
  let epoch = saved?.epoch;
  let applied = 0;
  let epochChanged = false;
  const fitted = fitHeartbeat(await collectHeartbeat(db));
  let heartbeat: string | undefined = fitted && encodeHeartbeat(fitted);
  for (let page = 0; page < 20; page++) {
    const answer = await api.changes(cursor, token, heartbeat);
    heartbeat = undefined;
    if (!answer) return applied || page ? { kind: 'pulled', applied, epochChanged } : { kind: 'unreachable' };
    if (epoch !== undefined && answer.epoch !== epoch) {
      // The server's data is not the data the cursor points into: start the feed over.
      epochChanged = true;
      epoch = answer.epoch;
      cursor = '0';
      await db.meta.put({ key: 'changes', cursor, epoch });
      continue;
    }
    epoch = answer.epoch;
    await db.transaction('rw', db.filings, db.meta, async () => {
      for (const change of answer.changes) {
        const filing = await db.filings.get(change.id);
        if (!filing) continue;
        // A verified mobile is a flag beside the status, which it leaves as it was (note included).
        if (change.mobileVerified) await db.filings.update(change.id, { mobileVerifiedAt: change.at, applicationNo: change.applicationNo });
        else {
          // Every note field is replaced, absent ones cleared: a note belongs to the stage it came with.
          const note = { statusNote: change.note, statusNoteCode: change.noteCode, statusNoteParams: change.noteParams, applicantNote: change.applicantNote };
          // The survey's day and the estimate stay until a later move sets them anew.
          const set = { ...(change.surveyDate !== undefined ? { surveyDate: change.surveyDate } : {}), ...(change.estimateAmount !== undefined ? { estimateAmount: change.estimateAmount } : {}) };
          await db.filings.update(change.id, { serverStatus: change.status, statusAt: change.at, ...note, ...set, applicationNo: change.applicationNo });
        }
        applied++;
      }
      await db.meta.put({ key: 'changes', cursor: answer.cursor, epoch });
    });
    cursor = answer.cursor;
    if (!answer.more) break;
  }
  return { kind: 'pulled', applied, epochChanged };
}
