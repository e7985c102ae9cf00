import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { validateAddition, type AdditionAck } from '../../src/domain/addition';
import { contentHash } from '../../src/domain/content-hash';
import type { DB } from '../db/schema';
import { ApiError, describeIssues } from '../http-errors';
import { missingDocuments } from './applications';
import type { Device } from './devices';
import { changeStatusIn } from './status';


/**
 * Keeps what a kiosk adds to a filing — exactly once by its id, like a filing — and, for
 * the answer to an open objection, sends the application back for review in the same
 * transaction. An answer that arrives after the objection closed is kept all the same (the
 * office sees it); it just moves nothing.
 */
export async function receiveAddition(db: Kysely<DB>, device: Device, body: unknown, pathIds: { applicationId: string; id: string }, now = new Date()): Promise<{ created: boolean; ack: AdditionAck }> {
  const result = validateAddition(body);
  if (!result.ok) throw new ApiError('invalid', { issues: describeIssues(result.issues) });
  const addition = result.addition;
  if (addition.id !== pathIds.id || addition.applicationId !== pathIds.applicationId) throw new ApiError('invalid', { issues: describeIssues([{ path: 'id', code: 'addition.id' }]) });
  if (addition.deviceId !== device.id) throw new ApiError('device_mismatch');
  const hash = await contentHash(addition, (text) => createHash('sha256').update(text).digest('hex'));
  const receivedAt = now.toISOString();

  const outcome = await db.transaction().execute(async (trx) => {
    const application = await trx.selectFrom('applications').select(['office_code', 'status']).where('id', '=', addition.applicationId).executeTakeFirst();
    if (!application) throw new ApiError('not_found', { detail: 'the application is not on the server yet' });
    if (application.office_code !== device.officeCode) throw new ApiError('device_mismatch');
    const stored = await trx.selectFrom('application_additions').select(['content_hash', 'received_at']).where('id', '=', addition.id).executeTakeFirst();
    if (stored) {
      if (stored.content_hash !== hash) throw new ApiError('conflict', { id: addition.id });
      return { created: false, receivedAt: stored.received_at, status: application.status };
    }
    await trx
      .insertInto('application_additions')
      .values({ id: addition.id, application_id: addition.applicationId, kind: addition.kind, content_hash: hash, body: JSON.stringify(addition), device_id: device.id, captured_at: addition.capturedAt, received_at: receivedAt })
      .execute();
    const links = [...new Map(addition.documents.map((document) => [`${document.sha256}/${document.kind}`, document])).values()];
    for (const document of links) {
      await trx
        .insertInto('application_documents')
        .values({ application_id: addition.applicationId, sha256: document.sha256, kind: document.kind })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    }
    await trx.insertInto('application_events').values({ application_id: addition.applicationId, office_code: application.office_code, kind: addition.kind, status: null, note: addition.text, actor: device.id, at: receivedAt }).execute();
    let status = application.status;
    if (addition.kind === 'objection_answer' && application.status === 'objection') {
      await changeStatusIn(trx, { id: addition.applicationId, to: 'under_review', systemNote: { code: 'objection_answered', params: { answer: addition.text } }, actor: device.id, objectionOutcome: 'answered', additionId: addition.id }, now);
      status = 'under_review';
    }
    return { created: true, receivedAt, status };
  });

  const missing = await missingDocuments(db, device.officeCode, addition.documents.map((document) => document.sha256));
  return {
    created: outcome.created,
    ack: { id: addition.id, applicationId: addition.applicationId, receivedAt: outcome.receivedAt, status: outcome.status, documentsMissing: [...missing] },
  };
}
