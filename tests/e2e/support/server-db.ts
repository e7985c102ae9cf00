import BetterSqlite3 from 'better-sqlite3';
import type { ServerProcess } from '../../../scripts/server-process';

/** An application as the server's own database file holds it, with what hangs off it. */
export interface ServerApplication {
  id: string;
  application_no: string;
  content_hash: string;
  envelope: string;
  captured_at: string;
  capture_day: string;
  received_at: string;
  area: string | null;
  clock_started_at: string | null;
  due_at: string | null;
  /** `received` events: one per application, however often the device sent it. */
  received_events: number;
  fee_entries: number;
}

/** Every application in the server's SQLite file, read directly (not through the API). */
export function serverApplications(server: ServerProcess): ServerApplication[] {
  const db = new BetterSqlite3(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select a.id, a.application_no, a.content_hash, a.envelope, a.captured_at, a.capture_day, a.received_at, a.area, a.clock_started_at, a.due_at,
           (select count(*) from application_events e where e.application_id = a.id and e.kind = 'received') as received_events,
           (select count(*) from fee_entries f where f.application_id = a.id) as fee_entries
         from applications a order by a.application_no`,
      )
      .all() as ServerApplication[];
  } finally {
    db.close();
  }
}

/** A console session's cookie for an officer made with the CLI (see support/office.ts). */
export async function officeCookie(server: ServerProcess, username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/office/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
