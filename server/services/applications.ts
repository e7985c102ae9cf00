import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { contentHash } from '../../src/domain/content-hash';
import { indiaDay } from '../../src/domain/dates';
import { validateEnvelope, type Envelope } from '../../src/domain/envelope';
import { serverStatement } from '../../src/domain/receipt/statements';
import { newId } from '../../src/domain/ids';
import { feeOf, personOf, searchableName } from '../../src/domain/person';
import { phoneticKey } from '../../src/domain/phonetic-key';
import { deviceIdOfReceiptNo, formatApplicationNo } from '../../src/domain/receipt-number';
import { areaOf, serviceDueAt } from '../../src/domain/service-clock';
import type { SystemNote } from '../../src/domain/status-notes';
import type { ValidationIssue } from '../../src/domain/validation-codes';
import type { ApplicationAck } from '../../src/domain/wire';
import type { ApplicationsTable, DB } from '../db/schema';
import type { Signature } from '../keys/server-keys';
import { pathOfUnkeepableText } from '../db/keepable-text';
import { documentsHeldFor } from '../documents/document-uploads';
import { noteColumns } from './event-notes';

export type { ApplicationAck };

/** An envelope that passed validation, with what storing it needs. */
export interface PreparedEnvelope {
  envelope: Envelope;
  hash: string;
  officeCode: string;
  deviceId: string;
  /** Who the `received` event names: the device, or `import` / `restore`. */
  actor: string;
  /**
   * The row's columns that follow from the envelope alone, worked out with the validation
   * (in a worker thread when the server has them), so the writer's one thread only inserts.
   */
  columns: EnvelopeColumns;
}

export type EnvelopeColumns = Pick<ApplicationsTable, 'envelope' | 'capture_day' | 'applicant_name' | 'applicant_mobile' | 'applicant_name_key'> & { area: NonNullable<ReturnType<typeof areaOf>> | null };

function columnsOf(envelope: Envelope): EnvelopeColumns {
  const person = personOf(envelope);
  return {
    // Stored as plain JSON of the normalised envelope; its hash is over the canonical form.
    envelope: JSON.stringify(envelope),
    capture_day: indiaDay(envelope.capturedAt),
    applicant_name: searchableName(person.name),
    applicant_mobile: person.mobile || null,
    applicant_name_key: phoneticKey(person.name),
    area: areaOf(envelope) ?? null,
  };
}

/** Actors that bring back a filing the server lost, rather than a new one. */
export const RECOVERY_ACTORS: ReadonlySet<string> = new Set(['import', 'restored-from-receipt']);

/** What the `received` event says of a filing an actor brought back (the others need no note). */
const RECEIVED_NOTES: Readonly<Record<string, SystemNote>> = { 'restored-from-receipt': { code: 'restored_from_receipt' } };

export type Prepared = { kind: 'ready'; prepared: PreparedEnvelope } | { kind: 'invalid'; issues: ValidationIssue[] } | { kind: 'device_mismatch' } | { kind: 'receipt_not_yours' };

/** `receipt_number_used`: another filing already holds this filing's receipt number; nothing was stored. */
export type StoreOutcome = { kind: 'created' | 'replayed'; ack: ApplicationAck } | { kind: 'conflict'; id: string } | { kind: 'receipt_number_used'; id: string };

/**
 * Validates and hashes an envelope (the CPU part, outside any transaction). `pathId`
 * is the id in the address, which must match; a device may only send its own filings.
 */
export async function prepareEnvelope(body: unknown, sender: { deviceId: string; officeCode: string; actor: string }, pathId?: string): Promise<Prepared> {
  const result = validateEnvelope(body);
  if (!result.ok) return { kind: 'invalid', issues: result.issues };
  const envelope = result.envelope;
  // A NUL character or a lone surrogate cannot be stored or hashed as sent (db/keepable-text.ts).
  const unkeepable = pathOfUnkeepableText(envelope);
  if (unkeepable !== undefined) return { kind: 'invalid', issues: [{ path: unkeepable, code: 'invalid' }] };
  if (pathId !== undefined && envelope.id !== pathId) return { kind: 'invalid', issues: [{ path: 'id', code: 'envelope.id' }] };
  if (envelope.deviceId !== sender.deviceId) return { kind: 'device_mismatch' };
  // Receipt numbers are made on the device, so the number names its maker: no other may file under it.
  if (envelope.receipt && deviceIdOfReceiptNo(envelope.receipt.receiptNo) !== sender.deviceId) return { kind: 'receipt_not_yours' };
  return { kind: 'ready', prepared: { envelope, hash: await contentHash(envelope, nodeSha256), officeCode: sender.officeCode, deviceId: sender.deviceId, actor: sender.actor, columns: columnsOf(envelope) } };
}

/** Node's SHA-256, synchronous: several times cheaper per envelope than Web Crypto's. */
function nodeSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

type AckRow = Pick<ApplicationsTable, 'id' | 'application_no' | 'status' | 'received_at' | 'content_hash' | 'envelope' | 'confirmation'> & { parsed?: Envelope };

const ACK_COLUMNS = ['id', 'application_no', 'status', 'received_at', 'content_hash', 'envelope', 'confirmation'] as const;

function ackOf(row: AckRow, missing: ReadonlySet<string>): ApplicationAck {
  const envelope = row.parsed ?? (JSON.parse(row.envelope) as Envelope);
  const confirmation = row.confirmation ? (JSON.parse(row.confirmation) as Signature) : undefined;
  return {
    id: row.id,
    applicationNo: row.application_no,
    status: row.status,
    receivedAt: row.received_at,
    receipt: {
      receiptNo: envelope.receipt?.receiptNo ?? row.application_no,
      applicationNo: row.application_no,
      contentHash: row.content_hash,
      issuedAt: row.received_at,
      ...(confirmation ?? {}),
    },
    documentsMissing: [...new Set(envelope.documents.map((document) => document.sha256))].filter((sha256) => missing.has(sha256)),
  };
}

// Rows a statement: large enough to amortise each statement's preparation, under SQLite's parameter limit.
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Reserves `count` consecutive numbers of a counter in one statement; returns the first. */
async function reserveNumbers(trx: Transaction<DB> | Kysely<DB>, scope: string, count: number): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ scope, value: count })
    .onConflict((conflict) => conflict.column('scope').doUpdateSet({ value: sql<number>`counters.value + ${count}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

/**
 * The ids of new filings whose receipt number is not theirs to take: held by a stored
 * filing (any other id: these ids are not stored), or claimed by an earlier item of the
 * same group. The unique index is the guarantee; this only spares the insert.
 */
async function usedReceiptNumbers(trx: Transaction<DB>, fresh: ReadonlyMap<string, PreparedEnvelope>): Promise<Set<string>> {
  const claimed = new Map<string, string>();
  const refused = new Set<string>();
  for (const item of fresh.values()) {
    const receiptNo = item.envelope.receipt?.receiptNo;
    if (receiptNo === undefined) continue;
    if (claimed.has(receiptNo)) refused.add(item.envelope.id);
    else claimed.set(receiptNo, item.envelope.id);
  }
  for (const part of chunks([...claimed.keys()])) {
    for (const row of await trx.selectFrom('applications').select('receipt_no').where('receipt_no', 'in', part).execute()) refused.add(claimed.get(row.receipt_no!)!);
  }
  return refused;
}

/**
 * Which of these document hashes the server does not hold for an office: bytes sent by
 * another office's device do not count, the office's own device must send them (its proof
 * that it has them; see documentsHeldFor).
 */
export async function missingDocuments(db: Transaction<DB> | Kysely<DB>, officeCode: string, hashes: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(hashes)];
  const held = await documentsHeldFor(db, officeCode, wanted);
  return new Set(wanted.filter((sha256) => !held.has(sha256)));
}

/**
 * Stores prepared envelopes inside the caller's transaction, judging each like a PUT:
 * new → created (with an application number from the office's counter and a `received`
 * event), same id and hash → replayed, same id and other content → conflict. Works in
 * whole-batch statements, so a group of hundreds costs a handful of round trips. The id
 * is the primary key and new rows go in with ON CONFLICT DO NOTHING: a concurrent writer
 * of the same id (another server process) can never make a second row.
 */
export async function storeEnvelopes(trx: Transaction<DB>, items: PreparedEnvelope[], now: Date, sign: (data: Uint8Array) => Signature): Promise<StoreOutcome[]> {
  const ids = [...new Set(items.map((item) => item.envelope.id))];
  const stored = new Map<string, AckRow>();
  for (const part of chunks(ids)) {
    const rows = await trx.selectFrom('applications').select([...ACK_COLUMNS]).where('id', 'in', part).execute();
    for (const row of rows) stored.set(row.id, row);
  }

  // The first of several items with one new id is the one to insert; the rest are judged against it.
  const fresh = new Map<string, PreparedEnvelope>();
  for (const item of items) if (!stored.has(item.envelope.id) && !fresh.has(item.envelope.id)) fresh.set(item.envelope.id, item);
  // Checked before numbers are reserved, so a refused filing costs no application number.
  const refused = await usedReceiptNumbers(trx, fresh);
  for (const id of refused) fresh.delete(id);

  const receivedAt = now.toISOString();
  const byOffice = new Map<string, PreparedEnvelope[]>();
  for (const item of fresh.values()) byOffice.set(item.officeCode, [...(byOffice.get(item.officeCode) ?? []), item]);
  const numbered: { item: PreparedEnvelope; office: string; applicationNo: string }[] = [];
  for (const [office, group] of byOffice) {
    const first = await reserveNumbers(trx, `application:${office}`, group.length);
    for (const [index, item] of group.entries()) numbered.push({ item, office, applicationNo: formatApplicationNo(office, first + index) });
  }
  const rows: ApplicationsTable[] = numbered.map(({ item, office, applicationNo }) => {
    // Signed here, on the writer's thread: sent to a worker, the signature's round trip would hold the commit (measured slower, 2026-12-03).
    const confirmation = sign(serverStatement({ receiptNo: item.envelope.receipt?.receiptNo ?? applicationNo, applicationNo, hash: item.hash, receivedAt }));
    const area = item.columns.area;
    return {
      ...item.columns,
      id: item.envelope.id,
      application_no: applicationNo,
      office_code: office,
      device_id: item.deviceId,
      type: item.envelope.type,
      schema_version: item.envelope.schemaVersion,
      content_hash: item.hash,
      captured_at: item.envelope.capturedAt,
      received_at: receivedAt,
      status: 'received',
      receipt_no: item.envelope.receipt?.receiptNo ?? null,
      confirmation: JSON.stringify(confirmation),
      // The application is complete when it arrives (its documents follow it by hash), so the clock starts now.
      clock_started_at: area ? receivedAt : null,
      due_at: area ? serviceDueAt(receivedAt, area) : null,
      mobile_verified_at: null,
      survey_date: null,
      estimate_amount: null,
    };
  });

  const inserted = new Set<string>();
  for (const part of chunks(rows, 200)) {
    // No conflict target: a row that collides on its id or on its receipt number (unique
    // since 0033) is skipped, never an error that would fail the whole group.
    const returned = await trx.insertInto('applications').values(part).onConflict((conflict) => conflict.doNothing()).returning('id').execute();
    for (const row of returned) inserted.add(row.id);
  }
  const insertedRows = rows.filter((row) => inserted.has(row.id));
  for (const part of chunks(insertedRows)) {
    await trx
      .insertInto('application_events')
      .values(part.map((row) => ({ application_id: row.id, office_code: row.office_code, kind: 'received', status: 'received', note: null, ...noteColumns(RECEIVED_NOTES[fresh.get(row.id)!.actor]), actor: fresh.get(row.id)!.actor, at: receivedAt })))
      .execute();
  }
  const links = insertedRows.flatMap((row) =>
    [...new Map(fresh.get(row.id)!.envelope.documents.map((document) => [`${document.sha256}/${document.kind}`, document])).values()].map((document) => ({
      application_id: row.id,
      sha256: document.sha256,
      kind: document.kind,
    })),
  );
  for (const part of chunks(links)) await trx.insertInto('application_documents').values(part).execute();
  // The office's copy of the kiosk's cash ledger, from the filing itself.
  const fees = insertedRows.flatMap((row) => {
    const envelope = fresh.get(row.id)!.envelope;
    const fee = feeOf(envelope);
    return fee
      ? [{ application_id: row.id, office_code: row.office_code, device_id: row.device_id!, operator_id: envelope.operatorId, day: row.capture_day!, receipt_no: row.receipt_no, amount: fee.amount, mode: fee.mode, upi_ref: fee.upiRef ?? null }]
      : [];
  });
  for (const part of chunks(fees)) await trx.insertInto('fee_entries').values(part).execute();
  // A fresh filing asks the applicant to prove the mobile (the code is made and sent later,
  // by the OTP queue); one recovered from an export or a paper receipt was asked at capture.
  const challenges = insertedRows
    .filter((row) => row.applicant_mobile && !RECOVERY_ACTORS.has(fresh.get(row.id)!.actor))
    .map((row) => ({ id: newId(now.getTime()), application_id: row.id, mobile: row.applicant_mobile!, state: 'queued', created_at: receivedAt, next_send_at: receivedAt }));
  for (const part of chunks(challenges)) await trx.insertInto('otp_challenges').values(part).execute();
  for (const row of insertedRows) stored.set(row.id, { ...row, parsed: fresh.get(row.id)!.envelope });

  // Lost a race to another process: read the winner and judge against it.
  const lost = rows.filter((row) => !inserted.has(row.id)).map((row) => row.id);
  if (lost.length) {
    for (const row of await trx.selectFrom('applications').select([...ACK_COLUMNS]).where('id', 'in', lost).execute()) {
      stored.set(row.id, row);
    }
    // Not there under its id: another process stored its receipt number first (the unique index saw it).
    const taken = rows.filter((row) => !stored.has(row.id));
    if (taken.length) {
      const holders = await trx.selectFrom('applications').select('receipt_no').where('receipt_no', 'in', taken.map((row) => row.receipt_no ?? '')).execute();
      const held = new Set(holders.map((row) => row.receipt_no));
      for (const row of taken) {
        if (!held.has(row.receipt_no)) throw new Error(`application ${row.id} was neither stored nor taken by another filing`);
        refused.add(row.id);
      }
    }
  }

  const listedByOffice = new Map<string, Set<string>>();
  for (const item of items) {
    const listed = listedByOffice.get(item.officeCode) ?? new Set<string>();
    for (const document of item.envelope.documents) listed.add(document.sha256);
    listedByOffice.set(item.officeCode, listed);
  }
  const missing = new Map<string, Set<string>>();
  for (const [office, hashes] of listedByOffice) missing.set(office, await missingDocuments(trx, office, hashes));
  const created = new Set(inserted);
  return items.map((item) => {
    // Every item with a refused id shares the refusal: there is no stored row to judge it against.
    if (refused.has(item.envelope.id)) return { kind: 'receipt_number_used', id: item.envelope.id };
    const row = stored.get(item.envelope.id)!;
    if (row.content_hash !== item.hash) return { kind: 'conflict', id: item.envelope.id };
    const kind = created.delete(item.envelope.id) ? 'created' : 'replayed';
    return { kind, ack: ackOf(row, missing.get(item.officeCode)!) };
  });
}

export async function countApplications(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
