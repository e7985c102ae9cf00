import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash';
import { recordDocument } from '../../server/documents/documents-table';
import { recordUploadCompleted, recordUploadStarted } from '../../server/documents/document-uploads';
import { backup } from '../../server/maintenance/backup';
import { BACKUP_TABLES, MANIFEST_ENTRY, UNSAVED_TABLES } from '../../server/maintenance/backup-format';
import { restore } from '../../server/maintenance/restore';
import { BackupRefused, verifyBackup } from '../../server/maintenance/verify-backup';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { buildTar, entryOffsets, withResignedManifest } from '../support/backup-surgery';
import { databaseSnapshot, filesWithHashes } from '../support/database-snapshot';
import { sampleEnvelope } from '../support/sample-envelope';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';
import { documentBytes, sha256Of as sha256 } from '../support/tus-inject';
import { readTar } from '../../src/domain/tar';

const run = promisify(execFile);
const SAHEJ = path.resolve('bin/sahej.js');

describeEachDatabase('backup and restore lose nothing', (dialect) => {
  let fx: ApiFixture;
  let dir: string;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    dir = tempDir('sahej-bk-safety-');
  });
  afterEach(async () => {
    await fx.close();
  });

  const auth = () => ({ authorization: `Bearer ${fx.device.token}` });
  const put = (envelope: { id: string }) => fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: auth(), payload: envelope });
  const db = () => fx.test.database.db;

  async function holdDocument(bytes: Buffer): Promise<string> {
    const hash = sha256(bytes);
    expect(await fx.documents.writeVerified(hash, bytes, 'image/png')).toBe(true);
    await recordDocument(db(), { sha256: hash, size: bytes.length, mime: 'image/png' });
    await recordUploadCompleted(db(), { sha256: hash, deviceId: fx.device.deviceId, size: bytes.length });
    return hash;
  }

  /** `count` filings, each listing two documents the server holds. */
  async function fileWithDocuments(count: number, seed: string) {
    const filed: { envelope: ReturnType<typeof sampleEnvelope>; documents: string[] }[] = [];
    for (let i = 0; i < count; i++) {
      const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
      const documents: string[] = [];
      envelope.documents = await Promise.all(
        envelope.documents.map(async (document, index) => {
          const bytes = documentBytes('png', `${seed}-${i}-${index}`, 64 * 1024);
          const hash = await holdDocument(bytes);
          documents.push(hash);
          return { ...document, sha256: hash, mime: 'image/png' as const, size: bytes.length };
        }),
      ) as typeof envelope.documents;
      expect((await put(envelope)).statusCode).toBe(201);
      filed.push({ envelope, documents });
    }
    return filed;
  }

  /** The whole state a restore could change: every table, every file of the document store. */
  async function stateNow() {
    return { tables: await databaseSnapshot(fx.test.database), files: filesWithHashes(fx.documents.directory) };
  }

  it('covers every table of the schema: backed up, or rebuilt empty on purpose', async () => {
    const { rows } =
      dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db())
        : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db());
    const ours = rows.map((row) => row.name).filter((name) => !name.startsWith('kysely_')).sort();
    expect([...BACKUP_TABLES.map((table) => String(table.name)), ...UNSAVED_TABLES].sort()).toEqual(ours);
  });

  it('a backup stopped at any of 10 points leaves the previous backup file as it was, and no copy of the data anywhere else', async () => {
    await fileWithDocuments(6, 'stop');
    const file = path.join(dir, 'nightly.tar');
    const full = await backup(fx.test.database, fx.documents, file);
    const previous = sha256(fs.readFileSync(file));
    expect(full.bytes).toBe(fs.statSync(file).size);
    await fileWithDocuments(2, 'after'); // a later backup would hold more
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('sahej-backup-') && !name.startsWith('sahej-backup-test-'));

    const killed = new Error('killed here');
    const stoppedAt: number[] = [];
    for (let point = 0; point < 10; point++) {
      const at = Math.floor((full.bytes * point) / 10) + 1;
      let partial = '';
      const attempt = backup(fx.test.database, fx.documents, file, {
        afterWrite(bytes) {
          if (bytes < at) return;
          // Frozen here as a SIGKILL would leave it: FILE is still the old backup, the new bytes only beside it.
          partial = fs.readdirSync(dir).find((name) => name.endsWith('.partial')) ?? '';
          stoppedAt.push(fs.statSync(path.join(dir, partial)).size);
          expect(sha256(fs.readFileSync(file))).toBe(previous);
          throw killed;
        },
      });
      await expect(attempt).rejects.toBe(killed);
      expect(partial).toMatch(/^\.nightly\.tar\.\d+\.partial$/);
      expect(sha256(fs.readFileSync(file))).toBe(previous);
      expect(fs.readdirSync(dir)).toEqual(['nightly.tar']);
    }
    expect(stoppedAt).toHaveLength(10);
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('sahej-backup-') && !name.startsWith('sahej-backup-test-'))).toEqual(tmpBefore);
    // The previous backup is still a whole, restorable one.
    await expect(verifyBackup(file)).resolves.toMatchObject({ manifest: { tables: { applications: { rows: 6 } } } });
  });

  it('a partial file left by a killed backup is removed by the next backup, never mistaken for a backup', async () => {
    await fileWithDocuments(1, 'stale');
    const file = path.join(dir, 'nightly.tar');
    // A pid that cannot be running: a process that has exited.
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.once('exit', resolve));
    const stale = path.join(dir, `.nightly.tar.${child.pid}.partial`);
    fs.writeFileSync(stale, 'half a backup, with names and mobiles in it');
    const result = await backup(fx.test.database, fx.documents, file);
    expect(result.staleRemoved).toEqual([stale]);
    expect(fs.readdirSync(dir)).toEqual(['nightly.tar']);
    await expect(verifyBackup(file)).resolves.toBeDefined();
  });

  const damages: { kind: string; damage: (bytes: Buffer) => Buffer; reason: RegExp }[] = [
    { kind: 'cut between two tables', damage: (b) => b.subarray(0, entryOffsets(b).find((e) => e.name.startsWith('tables/devices/'))!.start), reason: /cut short|ends before its manifest/ },
    { kind: 'cut inside a table entry', damage: (b) => { const e = entryOffsets(b).find((x) => x.name.startsWith('tables/applications/'))!; return b.subarray(0, e.dataStart + Math.floor((e.dataEnd - e.dataStart) / 2)); }, reason: /damaged or cut short/ },
    { kind: 'cut among the documents', damage: (b) => { const docs = entryOffsets(b).filter((e) => e.name.startsWith('documents/')); return b.subarray(0, docs[Math.floor(docs.length / 2)]!.start); }, reason: /ends before its manifest/ },
    { kind: 'cut inside the manifest', damage: (b) => { const m = entryOffsets(b).find((e) => e.name === MANIFEST_ENTRY)!; return b.subarray(0, m.dataStart + 100); }, reason: /damaged or cut short/ },
    { kind: 'no end blocks after the manifest', damage: (b) => b.subarray(0, entryOffsets(b).at(-1)!.dataEnd), reason: /./ },
    { kind: 'a changed byte in a row', damage: (b) => { const c = Buffer.from(b); const at = c.indexOf(Buffer.from('"status":"received"')); c.write('"status":"rejected"', at); return c; }, reason: /tables\/applications\/000000\.ndjson is not what the manifest lists/ },
    { kind: 'a changed byte in a document', damage: (b) => { const c = Buffer.from(b); const e = entryOffsets(c).find((x) => x.name.startsWith('documents/'))!; c.writeUInt8(c.readUInt8(e.dataStart + 500) ^ 0xff, e.dataStart + 500); return c; }, reason: /does not hash to its name/ },
    { kind: 'a row count that does not match', damage: (b) => withResignedManifest(b, (m) => void (m.tables.applications!.rows += 1)), reason: /table applications holds 4 rows where the manifest lists 5/ },
    { kind: 'a manifest whose checksum is wrong', damage: (b) => { const c = Buffer.from(b); const m = entryOffsets(c).find((e) => e.name === MANIFEST_ENTRY)!; const at = c.indexOf(Buffer.from('"rows":4'), m.dataStart); c.write('"rows":3', at); return c; }, reason: /does not match its own checksum/ },
    { kind: 'a document missing that the manifest lists', damage: (b) => buildTar([...readTar(b)].filter((e, i, all) => !(e.name.startsWith('documents/') && all.findIndex((x) => x.name.startsWith('documents/')) === i))), reason: /is listed but missing/ },
    { kind: 'an entry the manifest does not list', damage: (b) => { const entries = [...readTar(b)]; entries.splice(entries.length - 1, 0, { name: `documents/${sha256(Buffer.from('x'))}`, data: Buffer.from('x') }); return buildTar(entries); }, reason: /in the archive but not in its manifest/ },
    { kind: 'an entry after the manifest', damage: (b) => buildTar([...readTar(b), { name: 'tables/users/000009.ndjson', data: Buffer.from('{}\n') }]), reason: /follows the manifest/ },
    { kind: 'a backup of the old format, without a manifest', damage: (b) => { const entries = [...readTar(b)]; entries[0] = { name: entries[0]!.name, data: Buffer.from(Buffer.from(entries[0]!.data).toString().replace('"version":2', '"version":1')) }; return buildTar(entries); }, reason: /older Sahej/ },
    { kind: 'not a tar at all', damage: () => randomBytes(5000), reason: /./ },
    { kind: 'an empty file', damage: () => Buffer.alloc(0), reason: /empty|before its manifest|not a Sahej backup|cut short/ },
  ];

  it(`refuses ${damages.length} kinds of damaged backup before changing anything: every table and every document file as before`, async () => {
    await fileWithDocuments(4, 'kept');
    const file = path.join(dir, 'good.tar');
    await backup(fx.test.database, fx.documents, file);
    const good = fs.readFileSync(file);
    // The live server has moved on since: a restore would visibly replace all of it.
    await fileWithDocuments(3, 'live');
    const before = await stateNow();
    const sqliteFile = dialect === 'sqlite' ? fx.test.url.slice('sqlite:'.length) : '';
    const sqliteBytes = () => (sqliteFile ? [sqliteFile, `${sqliteFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => sha256(fs.readFileSync(f))) : []);
    const bytesBefore = sqliteBytes();

    for (const { kind, damage, reason } of damages) {
      const damaged = path.join(dir, 'damaged.tar');
      fs.writeFileSync(damaged, damage(good));
      const refused = await restore(fx.test.database, fx.documents, damaged).then(() => undefined, (error: unknown) => error);
      expect(refused, kind).toBeInstanceOf(BackupRefused);
      expect((refused as Error).message, kind).toMatch(reason);
      expect((refused as Error).message, kind).toMatch(/Nothing was changed\.$/);
      expect(await stateNow(), kind).toEqual(before);
      expect(sqliteBytes(), kind).toEqual(bytesBefore);
    }
    // And the good one still restores.
    await restore(fx.test.database, fx.documents, file);
    expect((await db().selectFrom('applications').select('id').execute()).length).toBe(4);
  });

  it('rolls back the whole swap when a row will not go in: the live database and documents stay as they were', async () => {
    await fileWithDocuments(2, 'old');
    const file = path.join(dir, 'good.tar');
    await backup(fx.test.database, fx.documents, file);
    await fileWithDocuments(2, 'new');
    const before = await stateNow();
    // Consistent with its manifest, but one row breaks a NOT NULL constraint half-way through the load.
    const bad = withResignedManifest(fs.readFileSync(file), () => undefined);
    const entries = [...readTar(bad)].map((entry) => ({ name: entry.name, data: Buffer.from(entry.data) }));
    const events = entries.find((entry) => entry.name.startsWith('tables/application_events/'))!;
    events.data = Buffer.from(events.data.toString().replace(/"kind":"received"/, '"kind":null'));
    const rebuilt = withResignedManifest(buildTar(entries), (manifest) => {
      manifest.entries = manifest.entries.map(([name, size, hash]) => (name === events.name ? [name, events.data.length, sha256(events.data)] : [name, size, hash]));
    });
    const damaged = path.join(dir, 'bad-row.tar');
    fs.writeFileSync(damaged, rebuilt);
    await expect(restore(fx.test.database, fx.documents, damaged)).rejects.toThrow();
    expect(await stateNow()).toEqual(before);
  });

  it('after a restore a document is held only if its bytes came back with the right hash: HEAD, reconcile and the ack agree', async () => {
    const [first, second] = await fileWithDocuments(2, 'held');
    const lost = second!.documents[0]!;
    fs.rmSync(fx.documents.pathOf(lost)); // gone from disk before the backup; the table still lists it
    const file = path.join(dir, 'nightly.tar');
    const made = await backup(fx.test.database, fx.documents, file);
    expect(made.documentsLeftOut).toEqual([lost]);
    await fileWithDocuments(1, 'later');

    const restored = await restore(fx.test.database, fx.documents, file);
    expect(restored).toMatchObject({ documents: first!.documents.length + second!.documents.length - 1, documentsNotHeld: 1 });
    const head = async (hash: string) => (await fx.app.inject({ method: 'HEAD', url: `/api/v1/documents/${hash}`, headers: auth() })).statusCode;
    expect(await head(first!.documents[0]!)).toBe(200);
    expect(await head(lost)).toBe(404);
    const items = [first!, second!].map(async (filed) => ({ id: filed.envelope.id, hash: await contentHash(filed.envelope) }));
    const compare = await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile', headers: auth(), payload: { items: await Promise.all(items) } });
    expect(compare.json()).toEqual({ missing: [], differs: [], incomplete: [second!.envelope.id] });
    expect((await put(second!.envelope)).json().documentsMissing).toEqual([lost]);
    expect((await put(first!.envelope)).json().documentsMissing).toEqual([]);
    // Only the backup's documents are on disk: nothing from after it, nothing half-way.
    const onDisk = fs.readdirSync(fx.documents.directory).filter((name) => /^[0-9a-f]{64}$/.test(name)).sort();
    expect(onDisk).toEqual([...first!.documents, ...second!.documents.slice(1)].sort());
  });

  it('leaves out of a restore a document whose bytes are not a type a filing may carry, and uploads that were under way', async () => {
    const [filed] = await fileWithDocuments(1, 'typed');
    // Stored before types were checked: script under an image's name.
    const script = Buffer.from('<script>alert(document.cookie)</script>');
    const scriptHash = sha256(script);
    fs.writeFileSync(fx.documents.pathOf(scriptHash), script);
    await recordDocument(db(), { sha256: scriptHash, size: script.length, mime: 'image/jpeg' });
    await recordUploadStarted(db(), { sha256: 'a'.repeat(64), deviceId: fx.device.deviceId, size: 5_000_000 });
    const file = path.join(dir, 'nightly.tar');
    await backup(fx.test.database, fx.documents, file);
    const restored = await restore(fx.test.database, fx.documents, file);
    expect(restored).toMatchObject({ documents: filed!.documents.length, documentsOfRefusedType: 1 });
    expect(fs.existsSync(fx.documents.pathOf(scriptHash))).toBe(false);
    expect(await db().selectFrom('documents').select('sha256').where('sha256', '=', scriptHash).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('document_uploads').select('sha256').where('completed_at', 'is', null).execute()).toEqual([]);
    expect((await db().selectFrom('documents').select('mime').execute()).map((row) => row.mime)).toEqual(filed!.documents.map(() => 'image/png'));
  });

  it('the CLI: a killed backup keeps the previous file; a damaged restore exits non-zero with a message and changes nothing', async () => {
    await fileWithDocuments(20, 'cli');
    const env = { ...process.env, DATABASE_URL: fx.test.url, DOCUMENTS_DIR: fx.documents.directory, LOG_LEVEL: 'silent' };
    const file = path.join(dir, 'nightly.tar');
    await run(process.execPath, [SAHEJ, 'backup', file], { env });
    const previous = sha256(fs.readFileSync(file));

    // SIGKILL as soon as the new backup has started writing beside the old one.
    const child = spawn(process.execPath, [SAHEJ, 'backup', file], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const started = Date.now();
    while (!fs.readdirSync(dir).some((name) => name.endsWith('.partial')) && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    await exited;
    expect(sha256(fs.readFileSync(file))).toBe(previous);

    const next = await run(process.execPath, [SAHEJ, 'backup', file], { env });
    expect(next.stdout).toMatch(/left by a backup that was interrupted/);
    expect(fs.readdirSync(dir).sort()).toEqual(['nightly.tar']);

    const cut = path.join(dir, 'cut.tar');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 40_000));
    const before = await stateNow();
    const refused = await run(process.execPath, [SAHEJ, 'restore', cut], { env }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/cut\.tar cannot be restored: .*Nothing was changed\./);
    expect(await stateNow()).toEqual(before);
    const verified = await run(process.execPath, [SAHEJ, 'verify-backup', file], { env });
    expect(verified.stdout).toMatch(/complete Sahej backup .* 20 documents|every checksum matches/);
    // Five CLI processes, each starting Node and opening the database: over 30 s on a busy 2-core machine.
  }, 90_000);
});
