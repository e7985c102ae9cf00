import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../../server/services/status';
import { additionsOf, saveObjectionAnswer } from '../../../src/store/additions';
import { pullChanges } from '../../../src/sync/changes';
import { drainOutbox } from '../../../src/sync/drain';
import { wakeAll } from '../../../src/sync/outbox';
import { createClientFixture, sampleDocument, type ClientFixture } from '../../support/client-fixture';

describe('answers to objections, taken offline at the kiosk', () => {
  let fx: ClientFixture;
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  const token = () => fx.enrollment.token;
  // The same drain that sends filings sends additions.
  const send = () => drainOutbox(fx.drainContext());
  const entryOf = async (id: string) => (await fx.db.outbox.toArray()).find((entry) => entry.kind === 'addition' && entry.id === id);
  const serverStatus = async (id: string) => (await fx.server.database.db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('keeps the answer and its document in one transaction, waits out the network, uploads, and reopens the filing', async () => {
    const filing = await fx.submit();
    await drainOutbox(fx.drainContext());
    await changeStatus(fx.server.database.db, { id: filing.id, to: 'objection', note: 'बिक्री विलेख की प्रति चाहिए', actor: 'meena' });
    await pullChanges(fx.db, fx.api, token());
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ serverStatus: 'objection', statusNote: 'बिक्री विलेख की प्रति चाहिए' });

    const deed = await sampleDocument('other', 'sale-deed');
    const empty = await saveObjectionAnswer(fx.db, filing.id, '   ', []);
    expect(empty).toEqual({ ok: false, issues: [{ path: 'text', code: 'required' }] });
    const saved = await saveObjectionAnswer(fx.db, filing.id, 'बिक्री विलेख लगा दिया है', [deed], new Date(fx.now()));
    if (!saved.ok) throw new Error('answer refused');
    expect(await fx.db.documents.where('ownerId').equals(saved.record.id).count()).toBe(1);
    expect(saved.record.addition.documents).toEqual([{ kind: 'other', sha256: deed.sha256, mime: 'image/jpeg', size: deed.size }]);

    fx.server.faults.push({ kind: 'network' });
    const waiting = await send();
    expect(waiting).toEqual({ kind: 'waiting', sent: 0, until: expect.any(Number) });
    expect(await additionsOf(fx.db, filing.id)).toEqual([expect.objectContaining({ state: 'pending', problem: { code: 'network' } })]);
    expect(await entryOf(saved.record.id)).toMatchObject({ attempts: 1, parked: false });
    const requests = fx.server.requests.length;
    expect(await send()).toMatchObject({ kind: 'waiting', sent: 0 }); // not due yet
    expect(fx.server.requests).toHaveLength(requests);
    fx.advance(60 * 60 * 1000);
    expect(await send()).toEqual({ kind: 'idle', sent: 0, additionsSent: 1 });
    expect(await entryOf(saved.record.id)).toBeUndefined();
    expect(fx.uploads.sent).toContain(deed.sha256);
    expect(await additionsOf(fx.db, filing.id)).toEqual([expect.objectContaining({ state: 'received' })]);
    expect(await serverStatus(filing.id)).toBe('under_review');
    await pullChanges(fx.db, fx.api, token());
    // The system's note comes as a code with the answer, and the objection's reason goes with its stage.
    const reopened = (await fx.db.filings.get(filing.id))!;
    expect(reopened).toMatchObject({ serverStatus: 'under_review', statusNoteCode: 'objection_answered', statusNoteParams: { answer: 'बिक्री विलेख लगा दिया है' } });
    expect(reopened).not.toHaveProperty('statusNote');
    // Sent once: the next round has nothing to do.
    expect(await send()).toEqual({ kind: 'idle', sent: 0 });
  });

  it('waits while the server does not have the filing yet, and marks a refusal for attention without losing it', async () => {
    const filing = await fx.submit();
    const saved = await saveObjectionAnswer(fx.db, filing.id, 'पहला उत्तर', []);
    if (!saved.ok) throw new Error('answer refused');
    // The filing goes first (it is older in the queue); a lost request stops the drain before the answer is tried.
    fx.server.faults.push({ kind: 'network' });
    expect(await send()).toMatchObject({ kind: 'waiting' });
    expect(await entryOf(saved.record.id)).toMatchObject({ attempts: 0 });
    // While the filing still waits, the server has no filing for the answer (404): a wait, not a refusal.
    fx.advance(60 * 60 * 1000);
    await fx.db.outbox.where('[kind+id]').equals(['filing', filing.id]).modify({ notBefore: fx.now() + 60 * 60 * 1000 });
    expect(await send()).toMatchObject({ kind: 'waiting' });
    expect((await additionsOf(fx.db, filing.id))[0]).toMatchObject({ state: 'pending', problem: { code: 'not_found' } });
    expect(await entryOf(saved.record.id)).toMatchObject({ attempts: 1, parked: false });

    // Once the filing is through, its answer follows it in the same drain.
    fx.advance(2 * 60 * 60 * 1000);
    expect(await send()).toEqual({ kind: 'idle', sent: 1, additionsSent: 1 });
    expect(await entryOf(saved.record.id)).toBeUndefined();

    const second = await saveObjectionAnswer(fx.db, filing.id, 'answer before the filing reached the server', []);
    if (!second.ok) throw new Error('answer refused');
    fx.server.faults.push({ kind: 'status', status: 422 });
    expect(await send()).toEqual({ kind: 'idle', sent: 0 });
    const record = (await additionsOf(fx.db, filing.id)).find((candidate) => candidate.id === second.record.id);
    expect(record).toMatchObject({ state: 'attention', problem: { httpStatus: 422 } });
    expect(await entryOf(second.record.id)).toMatchObject({ parked: true });
    // Parked: later drains leave it for the operator.
    const requests = fx.server.requests.length;
    fx.advance(60 * 60 * 1000);
    expect(await send()).toEqual({ kind: 'idle', sent: 0 });
    expect(fx.server.requests).toHaveLength(requests);
    expect(record!.addition.text).toBe('answer before the filing reached the server');
  });

  it('goes through the same paths as a filing: quick document retries, no head-of-line blocking, wake ends its wait', async () => {
    const filing = await fx.submit();
    await send();
    const deed = await sampleDocument('other', 'sale-deed');
    const answer = await saveObjectionAnswer(fx.db, filing.id, 'विलेख लगाया', [deed], new Date(fx.now()));
    if (!answer.ok) throw new Error('answer refused');
    // A passing fault on the document's upload is tried again within the drain, as for a filing's.
    fx.uploads.faults.push({ kind: 'retry', code: 'http_502' });
    expect(await send()).toEqual({ kind: 'idle', sent: 0, additionsSent: 1 });
    expect(fx.sleeps).toEqual([1_000]);
    expect(fx.uploads.sent).toContain(deed.sha256);

    // An answer sitting out its backoff does not hold up a newer filing, and wake ends the wait.
    const waiting = await saveObjectionAnswer(fx.db, filing.id, 'दूसरा उत्तर', []);
    if (!waiting.ok) throw new Error('answer refused');
    fx.server.faults.push({ kind: 'network' });
    expect(await send()).toMatchObject({ kind: 'waiting', sent: 0 });
    const fresh = await fx.submit('नया');
    expect(await send()).toMatchObject({ kind: 'waiting', sent: 1 });
    expect(await fx.db.filings.get(fresh.id)).toMatchObject({ state: 'received' });
    expect(await entryOf(waiting.record.id)).toMatchObject({ attempts: 1 });
    await wakeAll(fx.db);
    expect(await send()).toEqual({ kind: 'idle', sent: 0, additionsSent: 1 });
    expect(await fx.db.outbox.count()).toBe(0);
  });
});
