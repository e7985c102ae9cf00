import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_ERRORS, isApiErrorCode } from '../../src/domain/error-codes';
import { newId } from '../../src/domain/ids';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { STATUSES } from '../../src/domain/status';
import type { Database } from '../../server/db/open';
import { prepareEnvelope } from '../../server/services/applications';
import { revokeDevice } from '../../server/services/devices';
import { validateAddition } from '../../src/domain/addition';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import {
  brokenBody,
  encodeSegment,
  hostileContentType,
  hostileHeaderValue,
  hostileIds,
  hostileJson,
  hostileKey,
  hostileQuery,
  hostileString,
  rawBodies,
  wrongTypeFor,
} from '../support/hostile-requests';
import { signedInOfficer } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';
import { databaseSnapshot, filesWithHashes } from '../support/database-snapshot';

/**
 * Thousands of malformed, oversized, mistyped and malicious requests at every public route
 * of the real app on a real database, authenticated (so they reach validation) and not.
 * Every answer must be a 4xx with our JSON error body and a known code — never a 5xx —
 * and afterwards every table and the documents directory must be exactly as before.
 *
 * FUZZ_SEED=n replays a run; FUZZ_SCALE=x multiplies every route's number of requests.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const MIN_REQUESTS = 10_000;

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
type Auth = 'valid' | 'none' | 'hostile';

interface HostileRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Whether the request carries the right credentials for its route (so a 2xx may be legitimate). */
  auth: Auth;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

interface Target {
  name: string;
  runs: number;
  requests: fc.Arbitrary<HostileRequest>;
  /** When a 2xx is a right answer (a read-only route given valid credentials); never, by default. */
  may2xx?: (request: HostileRequest, answer: Answer) => boolean;
}

// A wrong code counts against the challenge; a wrong password against its name at its
// address (login_failures, left out whole: any name sent gets a row).
const VOLATILE: Record<string, string[]> = { otp_challenges: ['attempts', 'state'] };
const snapshot = (database: Database) => databaseSnapshot(database, VOLATILE, ['login_failures']);
const listFiles = filesWithHashes;

/** The broken rules of one answer, if any. */
function problemsWith(target: Target, request: HostileRequest, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  else if (answer.status < 400) {
    if (!(target.may2xx?.(request, answer) ?? false)) problems.push(`accepted with ${answer.status}`);
  } else if (request.method !== 'HEAD') {
    if (!String(answer.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`error answer with content type ${answer.headers['content-type']}`);
    let code: unknown;
    try {
      code = (JSON.parse(answer.body) as { error?: unknown }).error;
    } catch {
      problems.push(`error answer that is not JSON: ${answer.body.slice(0, 100)}`);
    }
    if (code !== undefined && !isApiErrorCode(code)) problems.push(`unknown error code ${JSON.stringify(code)}`);
    else if (isApiErrorCode(code) && API_ERRORS[code] !== answer.status) problems.push(`code ${code} with status ${answer.status} (its status is ${API_ERRORS[code]})`);
  }
  if (!answer.headers['content-security-policy']) problems.push('no Content-Security-Policy');
  return problems;
}

function describeRequest(request: HostileRequest): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length}): ${String(request.body).slice(0, 300)}`;
  return `${request.method} ${request.url.slice(0, 300)} auth=${request.auth} headers=${JSON.stringify(request.headers).slice(0, 300)}${body}`;
}

describeEachDatabase('hostile requests at every public route', (dialect) => {
  let fx: ApiFixture;
  let officerCookie: string;
  let deviceToken: string;
  let deviceId: string;
  let revokedToken: string;
  let applicationId: string;
  let receiptNo: string;
  let checkCode: string;
  let qr: string;
  let documentSha: string;
  let documentsDir: string;
  let sent = 0;
  const perRoute: { name: string; requests: number; ms: number }[] = [];

  beforeAll(async () => {
    const staticDir = tempDir('sahej-static-');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sahej</title>');
    // No rate limits here: the point is to reach validation thousands of times (limits have their own test).
    fx = await createApiFixture(dialect, { staticDir, rateLimits: { enroll: null, login: null, otp: null, receipts: null } });
    documentsDir = fx.documents.directory;
    const db = fx.test.database.db;
    officerCookie = await signedInOfficer(fx.app, db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const device = await enrollSignedDevice(fx.app, db, 'LKO1');
    deviceToken = device.token;
    deviceId = device.deviceId;
    const revoked = await fx.enroll('LKO1');
    await revokeDevice(db, revoked.deviceId);
    revokedToken = revoked.token;
    const filed = await fileSigned(fx.app, device, { name: 'सीता देवी' });
    applicationId = filed.envelope.id;
    receiptNo = filed.envelope.receipt.receiptNo;
    qr = receiptLink('http://kiosk.local', await encodeReceiptProof({ envelope: filed.envelope, certificate: device.certificate } as unknown as ReceiptProof));
    // A document on the server, linked to the filing, so paths can name a real one.
    const bytes = Buffer.from('a photo of an identity document');
    documentSha = createHash('sha256').update(bytes).digest('hex');
    await fx.documents.writeVerified(documentSha, bytes, 'image/jpeg');
    await db.insertInto('documents').values({ sha256: documentSha, size: bytes.length, mime: 'image/jpeg', stored_at: new Date().toISOString() }).execute();
    await db.insertInto('application_documents').values({ application_id: applicationId, sha256: documentSha, kind: 'other' }).execute();
    // Sent by the filing's device: held for its office, so no upload of it can begin again.
    await db.insertInto('document_uploads').values({ sha256: documentSha, device_id: deviceId, size: bytes.length, created_at: new Date().toISOString(), completed_at: new Date().toISOString() }).execute();
    // Whatever a route creates on first use (the server's key, the data's epoch) exists before the snapshot.
    checkCode = receiptCheckCode(filed.envelope.receipt.signature);
    for (const url of ['/api/v1/keys', '/api/v1/changes?since=0', `/api/v1/receipts/${receiptNo}?check=${checkCode}`]) {
      expect((await fx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${deviceToken}` } })).statusCode).toBe(200);
    }
    console.log(`fuzz [${dialect}]: seed ${SEED} (FUZZ_SEED=${SEED} replays it), scale ${SCALE}`);
  });

  afterAll(async () => {
    if (perRoute.length) {
      const total = perRoute.reduce((sum, route) => sum + route.ms, 0);
      console.log(
        `fuzz [${dialect}]: ${sent} hostile requests over ${perRoute.length} routes in ${(total / 1000).toFixed(1)} s\n` +
          perRoute.map((route) => `  ${String(route.requests).padStart(5)}  ${(route.ms / 1000).toFixed(1).padStart(5)} s  ${route.name}`).join('\n'),
      );
    }
    await fx?.close();
  });

  // ---- how requests are built ------------------------------------------------------------

  const deviceAuth: fc.Arbitrary<{ auth: Auth; headers: Record<string, string> }> = fc.oneof(
    { weight: 16, arbitrary: fc.constant(null).map(() => ({ auth: 'valid' as const, headers: { authorization: `Bearer ${deviceToken}` } })) },
    { weight: 2, arbitrary: fc.constant({ auth: 'none' as const, headers: {} }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          hostileHeaderValue,
          hostileHeaderValue.map((value) => `Bearer ${value}`),
          fc.constant(null).map(() => `Bearer ${revokedToken}`),
          fc.constant(null).map(() => `Bearer ${deviceToken}x`),
          fc.constant(null).map(() => `Basic ${deviceToken}`),
        )
        .map((authorization) => ({ auth: 'hostile' as const, headers: { authorization, cookie: officerCookie } })),
    },
  );

  const officerAuth: fc.Arbitrary<{ auth: Auth; headers: Record<string, string> }> = fc.oneof(
    { weight: 16, arbitrary: fc.constant(null).map(() => ({ auth: 'valid' as const, headers: { cookie: officerCookie } })) },
    { weight: 2, arbitrary: fc.constant({ auth: 'none' as const, headers: {} }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          hostileHeaderValue.map((value) => ({ cookie: value })),
          hostileHeaderValue.map((value) => ({ cookie: `sahej_session=${value}` })),
          fc.constant(null).map(() => ({ cookie: `${officerCookie}x` })),
          fc.constant(null).map(() => ({ cookie: `sahej_session=a; ${officerCookie.replace('sahej_session', 'other')}` })),
          fc.constant(null).map(() => ({ authorization: `Bearer ${deviceToken}` })),
        )
        .map((headers) => ({ auth: 'hostile' as const, headers })),
    },
  );

  const noAuth = fc.constant({ auth: 'valid' as Auth, headers: {} as Record<string, string> });

  /** Sometimes an odd header or two besides: method overrides, tus headers where they do not belong, junk. */
  const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
    { weight: 8, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc.dictionary(
        fc.constantFrom('x-http-method-override', 'upload-offset', 'upload-length', 'tus-resumable', 'accept', 'accept-language', 'origin', 'x-forwarded-for', 'if-none-match', 'range', 'x-requested-with', 'content-encoding'),
        hostileHeaderValue,
        { maxKeys: 3 },
      ),
    },
  );

  /** A JSON route: a broken body most of the time, raw junk or any JSON value otherwise, mostly as application/json. */
  function jsonRequests(method: Method, url: fc.Arbitrary<string>, body: fc.Arbitrary<unknown>, template: unknown, auth = deviceAuth): fc.Arbitrary<HostileRequest> {
    return fc
      .record({
        url,
        body: fc.oneof(
          { weight: 7, arbitrary: body.map((value) => JSON.stringify(value)) },
          { weight: 2, arbitrary: rawBodies(template) },
          { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? 'null') },
        ),
        contentType: fc.oneof({ weight: 9, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: hostileContentType }),
        auth,
        extra: extraHeaders,
      })
      .map(({ url, body, contentType, auth, extra }) => ({ method, url, body, auth: auth.auth, headers: { ...extra, ...auth.headers, 'content-type': contentType } }));
  }

  /** A route without a body: the path, the query and the headers are what can be wrong. */
  function bodilessRequests(method: Method, url: fc.Arbitrary<string>, auth = deviceAuth): fc.Arbitrary<HostileRequest> {
    return fc
      .record({ url, auth, extra: extraHeaders, junk: fc.option(fc.oneof(rawBodies({}), hostileJson.map((value) => JSON.stringify(value) ?? '')), { freq: 4 }) })
      .map(({ url, auth, extra, junk }) => ({ method, url, auth: auth.auth, headers: { ...extra, ...auth.headers, ...(junk !== null ? { 'content-type': 'application/json' } : {}) }, ...(junk !== null && method !== 'GET' && method !== 'HEAD' ? { body: junk } : {}) }));
  }

  const withQuery = (base: string, keys: readonly string[], good: readonly string[] = []) => fc.oneof({ weight: 1, arbitrary: fc.constant(base) }, { weight: 6, arbitrary: hostileQuery(keys, good).map((query) => `${base}?${query}`) });
  const ids = (known: readonly string[] = []) => hostileIds(known);
  const readOnly = (request: HostileRequest) => request.auth === 'valid';

  // ---- the routes --------------------------------------------------------------------------

  function targets(): Target[] {
    const envelope = fileTemplate();
    const addition = { id: newId(), applicationId, kind: 'objection_answer', text: 'सेल डीड की प्रति लगाई है', documents: [{ kind: 'other', sha256: documentSha, mime: 'image/jpeg', size: 31 }], capturedAt: new Date().toISOString(), deviceId, operatorId: 'op-17' };
    const envelopeRequired = [['id'], ['schemaVersion'], ['type'], ['data'], ['documents'], ['capturedAt'], ['deviceId'], ['operatorId'], ['data', 'applicant'], ['data', 'applicant', 'name'], ['data', 'applicant', 'mobile'], ['data', 'premises'], ['data', 'premises', 'pin'], ['data', 'connection'], ['data', 'survey'], ['data', 'fee'], ['data', 'consent']];
    const envelopeStrict = [[], ['data'], ['data', 'applicant'], ['data', 'premises'], ['data', 'connection'], ['data', 'fee'], ['data', 'consent'], ['documents', 0]];
    const brokenEnvelope = brokenBody(envelope, { required: envelopeRequired, strictObjects: envelopeStrict });
    const brokenAddition = brokenBody(addition, { required: [['id'], ['applicationId'], ['kind'], ['text'], ['documents'], ['capturedAt'], ['deviceId'], ['operatorId']], strictObjects: [[], ['documents', 0]] });
    const validStatus = fc.constantFrom(...STATUSES);
    const notAStatus = fc.oneof(wrongTypeFor('text'), hostileString.filter((text) => !(STATUSES as readonly string[]).includes(text)));
    const badNote = fc.oneof(wrongTypeFor('text'), fc.constantFrom('', '   ', '\t\n', '\u00A0\u3000', 'x'.repeat(1001), 'क'.repeat(2000)));
    const brokenTransition = fc.oneof(
      fc.record({ to: notAStatus, note: fc.oneof(hostileString, wrongTypeFor('text')) }),
      fc.record({ to: validStatus, note: badNote }),
      brokenBody({ to: 'under_review', note: 'Papers look complete' }, { required: [['to'], ['note']], strictObjects: [] }).filter((body) => typeof (body as { note?: unknown })?.note !== 'string' || !String((body as { note: string }).note).trim() || typeof (body as { to?: unknown })?.to !== 'string'),
    );
    const mutatedQr = fc.oneof(
      fc.tuple(fc.nat({ max: qr.length - 1 }), fc.constantFrom('0', 'Z', '$', '%', '*', ' ', 'a', '\u0000', '🙂', '#')).map(([at, char]) => qr.slice(0, at) + char + qr.slice(at + 1)),
      fc.nat({ max: qr.length - 1 }).map((cut) => qr.slice(0, cut)),
      fc.tuple(fc.nat({ max: qr.length - 1 }), hostileString).map(([at, text]) => qr.slice(0, at) + text + qr.slice(at)),
      fc.constant(qr.toLowerCase()),
      fc.constant(qr.replace('#', '')),
      hostileString,
    );
    const qrBodies = fc.oneof({ weight: 3, arbitrary: mutatedQr.map((text) => ({ qr: text })) }, { weight: 1, arbitrary: wrongTypeFor('text').map((value) => ({ qr: value })) }, { weight: 1, arbitrary: brokenBody({ qr }, { required: [['qr']], strictObjects: [] }) });
    const alreadyHere = (request: HostileRequest, answer: Answer) => request.auth === 'valid' && answer.status === 200 && (JSON.parse(answer.body) as { kind?: string }).kind === 'already_here';
    const days = { days: [{ day: '2026-11-28', count: 1, digest: 'a'.repeat(64) }] };
    const items = { items: [{ id: applicationId, hash: 'b'.repeat(64) }] };
    const tusPaths = fc.oneof({ weight: 1, arbitrary: fc.constant('/api/v1/documents') }, { weight: 3, arbitrary: ids([documentSha]).map((id) => `/api/v1/documents/${id}`) });
    const metadata = (pairs: [string, string][]) => pairs.map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`).join(',');
    // Never a creatable upload: the SHA-256 or the type (or both) are wrong whenever the rest is right.
    const badMetadata = fc.oneof(
      fc.tuple(hostileString, fc.constantFrom('image/jpeg', 'application/pdf')).map(([sha, mime]) => metadata([['sha256', sha], ['mime', mime]])),
      fc.tuple(fc.stringMatching(/^[0-9a-f]{64}$/), fc.oneof(hostileString, fc.constantFrom('text/html', 'image/svg+xml', 'application/javascript', 'image/jpeg; x=1'))).map(([sha, mime]) => metadata([['sha256', sha], ['mime', mime]])),
      fc.constant(null).map(() => metadata([['sha256', documentSha], ['mime', 'text/html']])),
      hostileHeaderValue,
      fc.constantFrom('sha256', 'sha256 !!!', ' , ,', 'sha256 a,sha256 b', 'mime aW1hZ2UvanBlZw=='),
    );
    // tus: each method with the headers it needs, mostly right (so requests get past the protocol
    // checks to the hooks and the store), then a hostile header or two, and the real document's address often.
    const tusBase: Record<string, fc.Arbitrary<Record<string, string>>> = {
      POST: fc.record({ 'upload-length': fc.constantFrom('31', '1', '0', '5242880'), 'upload-metadata': fc.oneof(badMetadata, fc.constant(null).map(() => metadata([['sha256', documentSha], ['mime', 'image/jpeg']]))) }),
      PATCH: fc.record({ 'content-type': fc.constant('application/offset+octet-stream'), 'upload-offset': fc.constantFrom('0', '1', '31', '30') }),
      HEAD: fc.constant({}),
      DELETE: fc.constant({}),
      GET: fc.constant({}),
      OPTIONS: fc.constant({}),
      PUT: fc.constant({}),
    };
    const tusHostileHeader = fc.tuple(
      fc.constantFrom('tus-resumable', 'upload-length', 'upload-offset', 'upload-metadata', 'upload-defer-length', 'upload-concat', 'content-type', 'x-http-method-override', 'upload-checksum'),
      fc.oneof(hostileHeaderValue, fc.constantFrom('1.0.0', '0.2.2', '-1', '99999999999999999999', 'partial', 'final;/api/v1/documents/a', 'DELETE', 'GET', 'sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=', 'application/offset+octet-stream; x=y')),
    );
    const tusRequests = fc
      .constantFrom<Method>('POST', 'HEAD', 'PATCH', 'DELETE', 'GET', 'OPTIONS', 'PUT')
      .chain((method) =>
        fc.record({
          method: fc.constant(method),
          url: method === 'POST' ? fc.oneof(fc.constant('/api/v1/documents'), tusPaths) : fc.oneof(fc.constant(`/api/v1/documents/${documentSha}`), tusPaths),
          base: tusBase[method]!,
          resumable: fc.oneof({ weight: 6, arbitrary: fc.constant({ 'tus-resumable': '1.0.0' }) }, { weight: 1, arbitrary: fc.constant({}) }),
          hostile: fc.array(tusHostileHeader, { maxLength: 2 }),
          auth: deviceAuth,
          body: fc.option(fc.oneof(fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)), fc.constant(Buffer.from('a photo of an identity document')), fc.constant(Buffer.alloc(300 * 1024, 1))), { freq: 2 }),
        }),
      )
      .map(({ method, url, base, resumable, hostile, auth, body }) => {
        const headers: Record<string, string> = { ...resumable, ...base, ...Object.fromEntries(hostile), ...auth.headers };
        return { method, url, auth: auth.auth, headers, ...(body !== null && !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method) ? { body } : {}) };
      });
    const backlogKeys = ['office', 'status', 'type', 'age', 'breached', 'mobile', 'q', 'page'];
    const backlogValues = ['LKO1', 'lko1', 'KNP1', ...STATUSES, 'received,under_review', 'new_connection', 'name_change', '0-7', '90+', 'true', 'false', 'verified', 'unverified', 'सीता', 'LKO1-000001', receiptNo, '9876543210', '1', '2', '999999999'];

    const list: Target[] = [
      // ---- device routes ----
      { name: 'POST /devices/enroll', runs: 500, requests: jsonRequests('POST', fc.constant('/api/v1/devices/enroll'), brokenBody({ code: 'ZZZZ-ZZZZ', label: 'Counter 2', publicKeyJwk: TEST_PUBLIC_KEY }, { required: [['code'], ['publicKeyJwk'], ['publicKeyJwk', 'kty'], ['publicKeyJwk', 'x']], strictObjects: [[]] }), {}, noAuth) },
      { name: 'POST /devices/certificate', runs: 200, requests: bodilessRequests('POST', fc.constant('/api/v1/devices/certificate')), may2xx: readOnly },
      {
        name: 'PUT /applications/:id',
        runs: 1500,
        requests: jsonRequests('PUT', fc.oneof({ weight: 4, arbitrary: fc.constant(`/api/v1/applications/${envelope.id}`) }, { weight: 1, arbitrary: ids([applicationId]).map((id) => `/api/v1/applications/${id}`) }), brokenEnvelope, envelope),
      },
      {
        name: 'POST /applications/batch',
        runs: 600,
        requests: jsonRequests(
          'POST',
          fc.constant('/api/v1/applications/batch'),
          fc.oneof(
            { weight: 4, arbitrary: fc.array(brokenEnvelope, { minLength: 1, maxLength: 5 }).map((items) => ({ items })) },
            { weight: 1, arbitrary: fc.constant({ items: Array.from({ length: 101 }, () => envelope) }) },
            { weight: 1, arbitrary: wrongTypeFor([]).map((items) => ({ items })) },
            { weight: 1, arbitrary: brokenBody({ items: [envelope] }, { required: [['items']], strictObjects: [] }).filter((body) => !Array.isArray((body as { items?: unknown })?.items) || (body as { items: unknown[] }).items.some((item) => item !== envelope)) },
          ),
          { items: [envelope] },
        ),
        // Each item is judged as its own PUT: the batch answers 200 with every item refused.
        may2xx: (request, answer) => request.auth === 'valid' && answer.status === 200 && (JSON.parse(answer.body) as { results: { status: number }[] }).results.every((result) => result.status >= 400),
      },
      {
        name: 'PUT /applications/:id/additions/:additionId',
        runs: 700,
        requests: jsonRequests('PUT', fc.oneof({ weight: 4, arbitrary: fc.constant(`/api/v1/applications/${applicationId}/additions/${addition.id}`) }, { weight: 1, arbitrary: fc.tuple(ids([applicationId]), ids([addition.id])).map(([id, additionId]) => `/api/v1/applications/${id}/additions/${additionId}`) }), brokenAddition, addition),
      },
      {
        name: 'POST /applications/:id/verify-mobile',
        runs: 400,
        requests: jsonRequests('POST', fc.oneof(fc.constant(applicationId), ids()).map((id) => `/api/v1/applications/${id}/verify-mobile`), fc.oneof(hostileString.map((code) => ({ code })), wrongTypeFor('text').map((code) => ({ code })), hostileJson), { code: '123456' }),
      },
      // Only unknown ids: asking for a code for a real filing is a legitimate write.
      { name: 'POST /applications/:id/otp', runs: 300, requests: bodilessRequests('POST', ids().map((id) => `/api/v1/applications/${id}/otp`)) },
      { name: 'POST /mobile-verification', runs: 400, requests: jsonRequests('POST', fc.constant('/api/v1/mobile-verification'), fc.oneof(hostileString.map((token) => ({ token })), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/).map((token) => ({ token })), wrongTypeFor('text').map((token) => ({ token })), hostileJson), { token: 'A'.repeat(22) }, noAuth) },
      { name: 'GET /changes', runs: 400, requests: bodilessRequests('GET', withQuery('/api/v1/changes', ['since'], ['0', '1', '2', '9007199254740991', '500'])), may2xx: readOnly },
      { name: 'POST /reconcile/days', runs: 500, requests: jsonRequests('POST', fc.constant('/api/v1/reconcile/days'), brokenBody(days, { required: [['days'], ['days', 0, 'day'], ['days', 0, 'count'], ['days', 0, 'digest']], strictObjects: [] }), days), may2xx: readOnly },
      { name: 'POST /reconcile', runs: 500, requests: jsonRequests('POST', fc.constant('/api/v1/reconcile'), brokenBody(items, { required: [['items'], ['items', 0, 'id'], ['items', 0, 'hash']], strictObjects: [] }), items), may2xx: readOnly },
      { name: 'GET /keys', runs: 100, requests: bodilessRequests('GET', withQuery('/api/v1/keys', ['since']), noAuth), may2xx: () => true },
      {
        name: 'GET /receipts/:receiptNo',
        runs: 400,
        requests: bodilessRequests('GET', fc.tuple(ids([receiptNo, encodeSegment(receiptNo.toLowerCase()), `${receiptNo}%00`]), withQuery('', ['check'], [checkCode, checkCode.toLowerCase()])).map(([id, query]) => `/api/v1/receipts/${id}${query}`), noAuth),
        // An answer only to a request that carries the receipt's check code.
        may2xx: (request) => request.url.toUpperCase().replace(/[^0-9A-Z]/g, '').includes(checkCode.replace('-', '')),
      },
      { name: 'POST /receipts/restore', runs: 500, requests: jsonRequests('POST', fc.constant('/api/v1/receipts/restore'), qrBodies, { qr }), may2xx: alreadyHere },
      { name: 'GET /ledger', runs: 300, requests: bodilessRequests('GET', withQuery('/api/v1/ledger', ['day'], ['2026-11-28', '2026-02-29', '1970-01-01', '9999-12-31'])), may2xx: readOnly },
      {
        name: 'tus /documents[/:sha256]',
        runs: 1000,
        requests: tusRequests,
        // CORS preflight, asking whether a document is here, and appending nothing at its end are fine;
        // nothing may be created, written or removed (the snapshot after the route checks that too).
        may2xx: (request, answer) =>
          request.method === 'OPTIONS' || (request.method === 'HEAD' && answer.status === 200) || (request.method === 'PATCH' && !request.body?.length && answer.status === 204),
      },
      { name: 'GET /health', runs: 100, requests: bodilessRequests('GET', withQuery('/api/v1/health', ['verbose']), noAuth), may2xx: () => true },
      // ---- office routes ----
      {
        name: 'POST /office/login',
        runs: 250,
        // Most bodies fail before the password hash (scrypt, ~50 ms); a few reach it.
        requests: jsonRequests(
          'POST',
          fc.constant('/api/v1/office/login'),
          fc.oneof(
            { weight: 1, arbitrary: fc.record({ username: fc.oneof(fc.constant('meena'), hostileString.filter((text) => text.length < 200)), password: hostileString.filter((text) => text.length < 200) }) },
            { weight: 8, arbitrary: fc.record({ username: fc.oneof(fc.constant('meena'), wrongTypeFor('text')), password: wrongTypeFor('text') }) },
            { weight: 2, arbitrary: brokenBody({ username: 'meena', password: 'correct horse battery' }, { required: [['username'], ['password']], strictObjects: [] }).filter((body) => typeof (body as { password?: unknown })?.password !== 'string' || typeof (body as { username?: unknown })?.username !== 'string') },
          ),
          { username: 'meena', password: 'x' },
          noAuth,
        ),
      },
      // Signing out with no session (or a forged one) is a harmless 204.
      { name: 'POST /office/logout', runs: 150, requests: bodilessRequests('POST', fc.constant('/api/v1/office/logout'), officerAuth.filter((auth) => auth.auth !== 'valid')), may2xx: (_request, answer) => answer.status === 204 },
      { name: 'GET /office/me', runs: 150, requests: bodilessRequests('GET', withQuery('/api/v1/office/me', ['x']), officerAuth), may2xx: readOnly },
      { name: 'GET /office/offices', runs: 150, requests: bodilessRequests('GET', withQuery('/api/v1/office/offices', ['office']), officerAuth), may2xx: readOnly },
      { name: 'GET /office/applications', runs: 600, requests: bodilessRequests('GET', withQuery('/api/v1/office/applications', backlogKeys, backlogValues), officerAuth), may2xx: readOnly },
      { name: 'GET /office/stats', runs: 250, requests: bodilessRequests('GET', withQuery('/api/v1/office/stats', ['office'], ['LKO1', 'lko1', 'KNP1']), officerAuth), may2xx: readOnly },
      { name: 'GET /office/export.csv', runs: 400, requests: bodilessRequests('GET', withQuery('/api/v1/office/export.csv', [...backlogKeys, 'lang', 'codes'], [...backlogValues, 'hi', 'en', '0']), officerAuth), may2xx: readOnly },
      { name: 'GET /office/applications/:id', runs: 300, requests: bodilessRequests('GET', ids([applicationId]).map((id) => `/api/v1/office/applications/${id}`), officerAuth), may2xx: readOnly },
      {
        name: 'POST /office/applications/:id/transitions',
        runs: 500,
        requests: fc.oneof(
          { weight: 3, arbitrary: jsonRequests('POST', fc.constant(`/api/v1/office/applications/${applicationId}/transitions`), brokenTransition, { to: 'under_review', note: 'x' }, officerAuth) },
          { weight: 1, arbitrary: jsonRequests('POST', ids().map((id) => `/api/v1/office/applications/${id}/transitions`), fc.constant({ to: 'under_review', note: 'Papers look complete' }), { to: 'under_review', note: 'x' }, officerAuth) },
        ),
      },
      { name: 'POST /office/applications/:id/otp', runs: 200, requests: bodilessRequests('POST', ids().map((id) => `/api/v1/office/applications/${id}/otp`), officerAuth) },
      { name: 'GET /office/documents/:sha256', runs: 300, requests: bodilessRequests('GET', ids([documentSha]).map((id) => `/api/v1/office/documents/${id}`), officerAuth), may2xx: readOnly },
      { name: 'POST /office/receipts/restore', runs: 400, requests: jsonRequests('POST', fc.constant('/api/v1/office/receipts/restore'), qrBodies, { qr }, officerAuth), may2xx: alreadyHere },
      // ---- anything else: unknown paths and methods, under the API and beside it ----
      {
        name: 'other paths and methods',
        runs: 400,
        requests: fc
          .record({
            method: fc.constantFrom<Method>('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
            prefix: fc.constantFrom('/api/v1/', '/api/v2/', '/api/', '/', '/r/', '/office/', '/assets/', '/api/v1/applications/', '/api/v1/office/'),
            rest: fc.array(fc.oneof(ids(), hostileKey.map(encodeSegment)), { minLength: 0, maxLength: 3 }).map((parts) => parts.join('/')),
            html: fc.boolean(),
            auth: deviceAuth,
          })
          .map(({ method, prefix, rest, html, auth }) => ({ method, url: prefix + rest, auth: auth.auth, headers: { ...auth.headers, ...(html ? { accept: 'text/html' } : {}) } })),
        // Outside the API a page navigation gets the app's shell (and a real file, itself).
        may2xx: (request, answer) => (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && answer.status === 200,
      },
    ];
    return list.map((target) => ({ ...target, runs: Math.max(1, Math.round(target.runs * SCALE)) }));
  }

  /** A valid filing of the signed device (never sent as it is). */
  function fileTemplate(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(sampleEnvelope({ deviceId, name: 'सीता देवी' }))) as Record<string, unknown>;
  }

  // ---- the run -----------------------------------------------------------------------------

  it('answers every hostile request with a 4xx and a known code, never a 5xx, and stores nothing', async () => {
    const database = fx.test.database;
    const before = await snapshot(database);
    const filesBefore = listFiles(documentsDir);
    const list = targets();
    // The templates the broken bodies start from are valid: each broken body is a few changes away from one that would be stored.
    const sender = { deviceId, officeCode: 'LKO1', actor: deviceId };
    expect(await prepareEnvelope(fileTemplate(), sender)).toMatchObject({ kind: 'ready' });
    expect(validateAddition({ id: newId(), applicationId, kind: 'objection_answer', text: 'x', documents: [], capturedAt: new Date().toISOString(), deviceId, operatorId: 'op-17' }).ok).toBe(true);
    for (const [index, target] of list.entries()) {
      const started = performance.now();
      let count = 0;
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(target.requests, async (request) => {
          count++;
          const response = await fx.app.inject({ method: request.method, url: request.url, headers: request.headers, ...(request.body !== undefined ? { payload: request.body } : {}) });
          const answer: Answer = { status: response.statusCode, headers: response.headers, body: response.body };
          seen.add(String(answer.status));
          const problems = problemsWith(target, request, answer);
          if (problems.length) throw new Error(`${target.name}: ${problems.join('; ')}\n  request: ${describeRequest(request)}\n  answer: ${answer.status} ${answer.body.slice(0, 500)}`);
        }),
        { seed: SEED + index, numRuns: target.runs, endOnFailure: true },
      );
      sent += count;
      perRoute.push({ name: `${target.name} (${[...seen].sort().join(', ')})`, requests: count, ms: performance.now() - started });
      // Between routes: the server still answers, and nothing was stored or changed.
      const health = await fx.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect([target.name, health.statusCode]).toEqual([target.name, 200]);
      const after = await snapshot(database);
      expect([target.name, after]).toEqual([target.name, before]);
      expect([target.name, listFiles(documentsDir)]).toEqual([target.name, filesBefore]);
    }
    if (SCALE >= 1) expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 600_000);

  it('stores hostile text that is valid exactly as sent (NFC, trimmed); refuses a NUL or half a character on both databases alike, item by item', async () => {
    const bearer = { authorization: `Bearer ${deviceToken}` };
    const put = (envelope: Record<string, unknown>) => fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${String(envelope.id)}`, headers: bearer, payload: envelope });
    const texts = hostileString.filter((text) => !text.includes('\u0000') && text.length <= 60);
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.record({ name: texts, locality: texts, operatorId: texts }), async ({ name, locality, operatorId }) => {
        const envelope = fileTemplate();
        const data = envelope.data as { applicant: { name: string }; premises: { locality: string } };
        data.applicant.name = name;
        data.premises.locality = locality;
        envelope.operatorId = operatorId;
        const response = await put(envelope);
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode !== 201) {
          expect([response.statusCode, response.json().error]).toEqual([422, 'invalid']);
          return;
        }
        stored++;
        const detail = await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications/${String(envelope.id)}`, headers: { cookie: officerCookie } });
        const kept = detail.json().envelope as { operatorId: string; data: { applicant: { name: string }; premises: { locality: string } } };
        expect([kept.data.applicant.name, kept.data.premises.locality, kept.operatorId]).toEqual([name, locality, operatorId].map((text) => text.normalize('NFC').trim()));
        expect(detail.json().applicantName).toBe(name.normalize('NFC').trim());
      }),
      { seed: SEED, numRuns: Math.max(10, Math.round(100 * SCALE)) },
    );
    expect(stored).toBeGreaterThan(0);

    // A NUL character: PostgreSQL cannot store it, so both databases refuse it — in a batch, only that item.
    const withNul = fileTemplate();
    (withNul.data as { applicant: { name: string } }).applicant.name = 'सीता\u0000देवी';
    const single = await put(withNul);
    expect([single.statusCode, single.json().error, single.json().issues[0].path]).toEqual([422, 'invalid', 'data.applicant.name']);
    const good = fileTemplate();
    const batch = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: bearer, payload: { items: [withNul, good] } });
    expect(batch.json().results.map((result: { status: number }) => result.status)).toEqual([422, 201]);
    // Half a character (a lone surrogate) has no canonical JSON, so no content hash: refused, not a 500.
    const halfCharacter = fileTemplate();
    (halfCharacter.data as { premises: { locality: string } }).premises.locality = 'अलीगंज\uD83D';
    const refused = await put(halfCharacter);
    expect([refused.statusCode, refused.json().issues[0].path]).toEqual([422, 'data.premises.locality']);
    const mixed = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: bearer, payload: { items: [fileTemplate(), halfCharacter] } });
    expect(mixed.json().results.map((result: { status: number }) => result.status)).toEqual([201, 422]);
    const transition = await fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${applicationId}/transitions`, headers: { cookie: officerCookie }, payload: { to: 'under_review', note: 'ok\u0000' } });
    expect([transition.statusCode, transition.json().issues[0].path]).toEqual([422, 'note']);
    const search = await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications?q=%00', headers: { cookie: officerCookie } });
    expect([search.statusCode, search.json().error]).toEqual([400, 'bad_request']);
  });
});
