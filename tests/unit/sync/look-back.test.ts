import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../../server/services/status';
import { pullChanges } from '../../../src/sync/changes';
import { drainOutbox } from '../../../src/sync/drain';
import { reconcile } from '../../../src/sync/reconcile';
import { pruneConfirmed } from '../../../src/sync/retention';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

describe('what flows back: status changes, reconciliation, retention', () => {
  let fx: ClientFixture;
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  const token = () => fx.enrollment.token;
  const drain = () => drainOutbox(fx.drainContext());

  it('brings a status set in the office to the filing on the device', async () => {
    const filing = await fx.submit();
    await drain();
    await changeStatus(fx.server.database.db, { id: filing.id, to: 'survey_scheduled', note: 'सर्वे 5 तारीख़', actor: 'officer' });
    expect(await pullChanges(fx.db, fx.api, token())).toMatchObject({ kind: 'pulled', epochChanged: false });
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ serverStatus: 'survey_scheduled', statusNote: 'सर्वे 5 तारीख़', applicationNo: 'LKO1-000001' });
    // Nothing new: nothing changes, the cursor holds.
    expect(await pullChanges(fx.db, fx.api, token())).toMatchObject({ kind: 'pulled', applied: 0 });
    fx.server.faults.push({ kind: 'network' });
    expect(await pullChanges(fx.db, fx.api, token())).toEqual({ kind: 'unreachable' });
  });

  it('puts back in the queue what the server lost, with its documents, and confirms the rest', async () => {
    const kept = await fx.submit('बचा');
    const lost = await fx.submit('खोया');
    await drain();
    // The server forgets one filing and its documents, as a restore from an old backup would.
    const db = fx.server.database.db;
    await fx.server.forget([lost.id]);
    const lostDocuments = lost.envelope.documents.map((document) => document.sha256);
    await db.deleteFrom('documents').where('sha256', 'in', lostDocuments).execute();

    const outcome = await reconcile(fx.db, fx.api, token());
    expect(outcome).toEqual({ kind: 'done', days: 1, differingDays: 1, resent: 1, conflicts: 0, confirmed: 1 });
    expect(await fx.db.filings.get(lost.id)).toMatchObject({ state: 'pending', problem: { code: 'server_lost' } });
    expect((await fx.db.filings.get(kept.id))!.confirmedAt).toBeDefined();

    fx.uploads.sent.length = 0;
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect((await fx.serverRows()).map((row) => [row.id, row.content_hash]).sort()).toEqual([
      [kept.id, kept.hash],
      [lost.id, lost.hash],
    ].sort());
    expect(fx.uploads.sent.sort()).toEqual([...new Set(lostDocuments)].sort());
    expect(await reconcile(fx.db, fx.api, token())).toMatchObject({ differingDays: 0, resent: 0, confirmed: 2 });
  });

  it('sends again the documents of a filing the server holds without them (the row came back in a restore, the files did not)', async () => {
    const filing = await fx.submit('अधूरा');
    await drain();
    const documents = [...new Set(filing.envelope.documents.map((document) => document.sha256))];
    await fx.server.database.db.deleteFrom('documents').where('sha256', 'in', documents).execute();

    expect(await reconcile(fx.db, fx.api, token())).toMatchObject({ differingDays: 1, resent: 1, confirmed: 0 });
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'pending', problem: { code: 'server_lost' } });
    fx.uploads.sent.length = 0;
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect(fx.uploads.sent.sort()).toEqual(documents.sort());
    expect(await reconcile(fx.db, fx.api, token())).toMatchObject({ differingDays: 0, resent: 0, confirmed: 1 });
  });

  it('reconciles by itself when the server’s data epoch changes (a restore)', async () => {
    const filing = await fx.submit('एक', 'prepaid_to_postpaid');
    const engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, tickMs: 3_600_000 });
    const reconciled: unknown[] = [];
    engine.on('reconciled', ({ outcome }) => reconciled.push(outcome));
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    expect(reconciled).toHaveLength(1);
    // Restore: the filing is gone and the epoch is new.
    const db = fx.server.database.db;
    await fx.server.forget([filing.id]);
    await db.updateTable('server_meta').set({ value: 'restored-epoch' }).where('key', '=', 'epoch').execute();
    await engine.wake('online');
    await engine.idle();
    engine.stop();
    expect(reconciled).toHaveLength(2);
    expect(reconciled[1]).toMatchObject({ kind: 'done', resent: 1 });
    expect((await fx.serverRows()).map((row) => row.id)).toEqual([filing.id]);
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'received' });
  });

  it('drops only confirmed documents after 30 days and confirmed filings after 180', async () => {
    const day = 86_400_000;
    const old = await fx.submit('पुराना');
    fx.advance(150 * day);
    const middle = await fx.submit('बीच');
    fx.advance(25 * day);
    const unconfirmed = await fx.submit('अपुष्ट');
    await drain();
    await reconcile(fx.db, fx.api, token());
    await fx.db.filings.update(unconfirmed.id, { confirmedAt: undefined });
    const queued = await fx.submit('कतार');
    fx.advance(10 * day);
    // Now: old is 185 days old, middle 35, unconfirmed 10 (and unconfirmed), queued 10 (not sent).
    const result = await pruneConfirmed(fx.db, fx.now());
    expect(await fx.db.filings.get(old.id)).toBeUndefined();
    expect(await fx.db.filings.get(middle.id)).toMatchObject({ documentsPruned: true, state: 'received' });
    expect(await fx.db.documents.where('ownerId').equals(middle.id).count()).toBe(0);
    expect(await fx.db.documents.where('ownerId').equals(unconfirmed.id).count()).toBe(3);
    expect(await fx.db.documents.where('ownerId').equals(queued.id).count()).toBe(3);
    expect(result).toEqual({ documentsDropped: 6, filingsDropped: 1 });
  });
});
