import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { buildApp } from './app';
import type { DocumentStore } from './documents/document-store';
import { openDocumentStore } from './documents/open-document-store';
import { readConfig } from './config';
import { migrateToLatest } from './db/migrate';
import { openDatabase, type Database } from './db/open';
import { backup } from './maintenance/backup';
import { restore } from './maintenance/restore';
import { verifyBackup } from './maintenance/verify-backup';
import { importDeviceExport } from './maintenance/import-device-export';
import { ServerKeys } from './keys/server-keys';
import { ApplicationWriter } from './services/application-writer';
import { ledgerReport } from './services/ledger';
import { checkScannedReceipt, restoreFromReceipt } from './services/restore-from-receipt';
import { createEnrollmentCode, revokeDevice } from './services/devices';
import { changeStatus, findApplicationId } from './services/status';
import { cancelUnansweredObjections, startObjectionTimer } from './services/objections';
import { cleanStaleUploads, startUploadCleaner } from './documents/clean-uploads';
import { startOtpDispatcher } from './otp/otp-service';
import { otpSettings, smsProvider } from './otp/provider-from-config';
import { startStatusMessageDispatcher, statusMessageSettings } from './notify/status-dispatcher';
import { createUser } from './services/users';
import { readSecret } from './read-secret';
import { serverLoggerOptions } from './http/logging';
import { newHolderId } from './leases/holder-id';
import { LOOP_LEASES } from './leases/loop-leases';
import { preparerOf } from './workers/prepare-pool';

const USAGE = `Usage: sahej COMMAND [options]   (reads PORT and DATABASE_URL from the environment)

  serve [--enroll-office CODE]   migrate, then serve the API and the app;
                                 with --enroll-office, also print a new enrollment code
  migrate                        apply pending database migrations
  enroll-code --office CODE      make a single-use device enrollment code (printed alone on the last line)
  revoke-device DEVICE_ID        stop a device's token from working
  set-status ID|APPLICATION_NO STATUS [--note TEXT]
                                 move an application to another stage
  backup FILE                    write every table and document to FILE (a tar with a manifest);
                                 FILE is replaced only once the new backup is complete
  verify-backup FILE             check a backup end to end without restoring it
  restore FILE                   replace the database and documents with a backup (server stopped);
                                 refuses a damaged backup before changing anything
  import FILE                    load a device export (idempotent: a second import adds nothing)
  verify-receipt QR              check a receipt's QR text (the link or its payload) against this server
  restore-receipt QR             re-create a filing the server lost from its receipt's QR text
  rotate-key                     make a new server signing key (the old one stays for verifying)
  ledger --office CODE --day YYYY-MM-DD
                                 the office's fees of a day, per operator
  create-user USERNAME --role officer|admin [--office CODE] [--name "Full name"]
                                 add a console user; the password is read from standard input
  cancel-unanswered-objections   cancel applications whose objection went 21 days unanswered
                                 (the server also does this every 10 minutes)
  clean-uploads                  remove document uploads left unfinished for UPLOAD_EXPIRY_HOURS (24)
                                 (the server also does this every 10 minutes)
`;

// A command beside a busy server (a SQLite fsync on a loaded disk) waits for its turn rather
// than failing after the server's own 5 s: an operator can wait half a minute.
const CLI_BUSY_TIMEOUT_MS = 30_000;

function required(value: string | undefined, message: string): string {
  if (!value) throw new Error(message);
  return value;
}

/** The configured store: in the database on PostgreSQL (unless DOCUMENT_STORE=file), the directory on SQLite. */
function documentStore(database: Database): DocumentStore {
  return openDocumentStore(database, readConfig());
}

/** Opens the configured database, brings its schema up to date, runs `run`, closes it. */
async function withDatabase<T>(run: (database: Database, applied: string[]) => Promise<T>): Promise<T> {
  const database = openDatabase(readConfig().databaseUrl, { busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    const applied = await migrateToLatest(database);
    return await run(database, applied);
  } finally {
    await database.close();
  }
}

async function serve(enrollOffice: string | undefined): Promise<void> {
  const config = readConfig();
  const database = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(database);
  const documents = openDocumentStore(database, config);
  const app = await buildApp({
    database,
    documents,
    staticDir: config.staticDir,
    logger: serverLoggerOptions(process.env.LOG_LEVEL ?? 'info'),
    rateLimits: config.rateLimits,
    ...(config.rateLimitStore ? { rateLimitStore: config.rateLimitStore } : {}),
    trustProxy: config.trustProxy,
    ...(config.explicitPublicUrl ? { publicUrl: config.explicitPublicUrl } : {}),
    uploads: config.uploads,
    timeZone: config.timeZone,
    preparer: preparerOf(config.prepareWorkers),
  });
  // Each background loop runs in one server process at a time, whichever holds its lease in
  // the database; the others keep asking and one takes over within a minute if it dies.
  const holder = newHolderId();
  const leaseFor = (loop: string) => ({
    holder,
    onHolderChange: (holding: boolean) => app.log.info({ loop, holder }, holding ? 'running background loop' : 'background loop left to another process'),
  });
  const sms = smsProvider(config);
  const loops = [
    startOtpDispatcher(database.db, otpSettings(config, sms), leaseFor(LOOP_LEASES.otpSend), (error) => app.log.error({ err: error }, 'OTP dispatch failed')),
    ...(config.sms.statusMessages
      ? [startStatusMessageDispatcher(database.db, statusMessageSettings(config, sms), leaseFor(LOOP_LEASES.statusMessageSend), (error) => app.log.error({ err: error }, 'status message dispatch failed'))]
      : []),
    startObjectionTimer(database.db, leaseFor(LOOP_LEASES.objectionCancel), (error) => app.log.error({ err: error }, 'objection expiry failed')),
    startUploadCleaner(database.db, documents, config.uploads.maxAgeMs, leaseFor(LOOP_LEASES.uploadClean), (error) => app.log.error({ err: error }, 'upload clean-up failed')),
  ];
  const shutdown = async () => {
    // Work under way finishes and the leases are given up, so another process takes over at once.
    await Promise.all(loops.map((loop) => loop.stop()));
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  console.log(`Sahej is serving on http://localhost:${port}/ (database: ${database.dialect})`);
  if (enrollOffice) {
    // A first run (npm start) also gets someone who can sign in to the console.
    const anyUser = await database.db.selectFrom('users').select('username').executeTakeFirst();
    if (!anyUser) {
      const password = randomBytes(9).toString('base64url');
      const user = await createUser(database.db, { username: 'officer', role: 'officer', office: enrollOffice, password, displayName: 'Demo officer' });
      console.log(`Office console: http://localhost:${port}/office — user ${user.username}, password ${password} (shown once)`);
    }
    const { code, office, expiresAt } = await createEnrollmentCode(database.db, enrollOffice);
    console.log(`Enrollment code for office ${office} (single use, valid until ${expiresAt}):`);
    console.log(code);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { office: { type: 'string' }, 'enroll-office': { type: 'string' }, note: { type: 'string' }, day: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
  });
  switch (command) {
    case 'serve':
      await serve(values['enroll-office']);
      return -1; // keep running
    case 'migrate': {
      const applied = await withDatabase(async (_database, applied) => applied);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      return 0;
    }
    case 'enroll-code': {
      if (!values.office) throw new Error('enroll-code needs --office CODE');
      const { code, office, expiresAt } = await withDatabase((database) => createEnrollmentCode(database.db, values.office!));
      console.log(`Enrollment code for office ${office} (single use, valid until ${expiresAt}):`);
      console.log(code);
      return 0;
    }
    case 'revoke-device': {
      const deviceId = positionals[0];
      if (!deviceId) throw new Error('revoke-device needs DEVICE_ID');
      const revoked = await withDatabase((database) => revokeDevice(database.db, deviceId));
      console.log(revoked ? `Revoked ${deviceId}.` : `No active device ${deviceId}.`);
      return revoked ? 0 : 1;
    }
    case 'set-status': {
      const [which, to] = positionals;
      if (!which || !to) throw new Error('set-status needs ID|APPLICATION_NO and STATUS');
      const moved = await withDatabase(async (database) => {
        const id = await findApplicationId(database.db, which);
        if (!id) throw new Error(`no application ${which}`);
        return changeStatus(database.db, { id, to, ...(values.note ? { note: values.note } : {}), actor: 'cli' });
      });
      console.log(`${which}: ${moved.from} → ${moved.to}`);
      return 0;
    }
    case 'backup': {
      const file = required(positionals[0], 'backup needs FILE');
      // Ctrl-C or a stop signal: the partial file goes, FILE keeps the previous backup.
      const stop = new AbortController();
      const onSignal = () => stop.abort(new Error('backup interrupted; the previous backup file is unchanged'));
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
      const result = await withDatabase((database) => backup(database, documentStore(database), file, { signal: stop.signal }));
      for (const stale of result.staleRemoved) console.log(`Removed ${stale}, left by a backup that was interrupted.`);
      console.log(`Backed up ${result.rows} rows and ${result.documents} documents to ${file} (${result.bytes} bytes).`);
      if (result.documentsLeftOut.length) {
        console.log(`${result.documentsLeftOut.length} document(s) listed in the database were missing or damaged on disk and are not in the backup; after a restore their devices send them again.`);
      }
      return 0;
    }
    case 'verify-backup': {
      const file = required(positionals[0], 'verify-backup needs FILE');
      const verified = await verifyBackup(file);
      const rows = Object.values(verified.manifest.tables).reduce((sum, table) => sum + table.rows, 0);
      console.log(`${file} is a complete Sahej backup of ${verified.header.createdAt}: ${rows} rows, ${verified.documents.length} documents, every checksum matches.`);
      return 0;
    }
    case 'restore': {
      const file = required(positionals[0], 'restore needs FILE');
      const database = openDatabase(readConfig().databaseUrl, { busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
      try {
        const result = await restore(database, documentStore(database), file);
        console.log(`Restored ${result.rows} rows and ${result.documents} documents from ${file}.`);
        if (result.documentsOfRefusedType) console.log(`${result.documentsOfRefusedType} document(s) in the backup are not JPEG, PNG, WebP or PDF and were left out.`);
        if (result.documentsNotHeld) console.log(`${result.documentsNotHeld} document(s) the restored filings list are not held; their devices will send them again.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'import': {
      const file = required(positionals[0], 'import needs FILE');
      const report = await withDatabase((database) => importDeviceExport(database.db, new ApplicationWriter(database.db, new ServerKeys(database.db)), documentStore(database), file));
      console.log(JSON.stringify(report));
      return report.refused.length || report.documentsRefused.length || report.conflicts.length ? 1 : 0;
    }
    case 'verify-receipt': {
      const scanned = required(positionals[0], 'verify-receipt needs the QR text');
      const result = await withDatabase(async (database) => {
        const read = await checkScannedReceipt(database.db, new ServerKeys(database.db), scanned);
        if (!read) return undefined;
        const held = await database.db.selectFrom('applications').select(['application_no', 'content_hash', 'status']).where('id', '=', read.check.envelope.id).executeTakeFirst();
        return { status: read.check.status, confirmed: read.check.confirmed, receiptNo: read.proof.envelope.receipt.receiptNo, id: read.check.envelope.id, hash: read.check.hash, onServer: held ? { applicationNo: held.application_no, status: held.status, sameContent: held.content_hash === read.check.hash } : null };
      });
      console.log(JSON.stringify(result ?? { status: 'unreadable' }));
      return result?.status === 'verified' ? 0 : 1;
    }
    case 'restore-receipt': {
      const scanned = required(positionals[0], 'restore-receipt needs the QR text');
      const outcome = await withDatabase((database) => {
        const keys = new ServerKeys(database.db);
        return restoreFromReceipt(database.db, new ApplicationWriter(database.db, keys), keys, scanned);
      });
      console.log(JSON.stringify(outcome));
      return outcome.kind === 'created' || outcome.kind === 'already_here' ? 0 : 1;
    }
    case 'create-user': {
      const username = required(positionals[0], 'create-user needs a USERNAME');
      const role = required(values.role, 'create-user needs --role officer or --role admin');
      const password = process.env.SAHEJ_PASSWORD ?? (await readSecret(`Password for ${username}: `));
      const user = await withDatabase((database) => createUser(database.db, { username, role, password, ...(values.office ? { office: values.office } : {}), ...(values.name ? { displayName: values.name } : {}) }));
      console.log(`Created ${user.role} ${user.username}${user.officeCode ? ` for office ${user.officeCode}` : ' (every office)'}.`);
      return 0;
    }
    case 'cancel-unanswered-objections': {
      const cancelled = await withDatabase((database) => cancelUnansweredObjections(database.db));
      console.log(`Cancelled ${cancelled.length} application(s) with unanswered objections.`);
      return 0;
    }
    case 'clean-uploads': {
      const { removed } = await withDatabase((database) => cleanStaleUploads(database.db, documentStore(database), readConfig().uploads.maxAgeMs));
      console.log(`Removed ${removed} unfinished upload(s).`);
      return 0;
    }
    case 'rotate-key': {
      const keyId = await withDatabase((database) => new ServerKeys(database.db).rotate());
      console.log(`New signing key ${keyId}; earlier keys stay listed for verification.`);
      return 0;
    }
    case 'ledger': {
      if (!values.office || !values.day) throw new Error('ledger needs --office CODE and --day YYYY-MM-DD');
      console.log(JSON.stringify(await withDatabase((database) => ledgerReport(database.db, values.office!.toUpperCase(), values.day!)), null, 2));
      return 0;
    }
    default:
      console.log(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}
