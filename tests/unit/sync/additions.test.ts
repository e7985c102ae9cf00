import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../../server/services/status';
import { additionsOf, saveObjectionAnswer } from '../../../src/store/additions';
import { sendAdditions } from '../../../src/sync/additions';
import { pullChanges } from '../../../src/sync/changes';
import { drainOutbox } from '../../../src/sync/drain';
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
  const send = () => sendAdditions(fx.drainContext(), token());
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
    expect(waiting).toMatchObject({ kind: 'waiting', sent: 0 });
    expect(await additionsOf(fx.db, filing.id)).toEqual([expect.objectContaining({ state: 'pending', attempts: 1, problem: { code: 'network' } })]);
    expect(await send()).toMatchObject({ kind: 'waiting', sent: 0 }); // not due yet
    fx.advance(60 * 60 * 1000);
    expect(await send()).toEqual({ kind: 'idle', sent: 1 });
    expect(fx.uploads.sent).toContain(deed.sha256);
    expect(await additionsOf(fx.db, filing.id)).toEqual([expect.objectContaining({ state: 'received' })]);
    expect(await serverStatus(filing.id)).toBe('under_review');
    await pullChanges(fx.db, fx.api, token());
    expect((await fx.db.filings.get(filing.id))!.serverStatus).toBe('under_review');
    // Sent once: the next round has nothing to do.
    expect(await send()).toEqual({ kind: 'idle', sent: 0 });
  });

  it('waits while the server does not have the filing yet, and marks a refusal for attention without losing it', async () => {
    const filing = await fx.submit();
    const saved = await saveObjectionAnswer(fx.db, filing.id, 'answer before the filing reached the server', []);
    if (!saved.ok) throw new Error('answer refused');
    expect(await send()).toMatchObject({ kind: 'waiting' });
    expect((await additionsOf(fx.db, filing.id))[0]).toMatchObject({ state: 'pending', problem: { code: 'not_found' } });

    await drainOutbox(fx.drainContext());
    fx.advance(60 * 60 * 1000);
    fx.server.faults.push({ kind: 'status', status: 422 });
    expect(await send()).toEqual({ kind: 'idle', sent: 0 });
    const [record] = await additionsOf(fx.db, filing.id);
    expect(record).toMatchObject({ state: 'attention', problem: { httpStatus: 422 } });
    expect(record!.addition.text).toBe('answer before the filing reached the server');
  });
});
