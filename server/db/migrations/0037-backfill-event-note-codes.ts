import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

// Frozen as of this migration: the English sentences the server wrote as notes before
// 0036, and the codes they become (src/domain/status-notes.ts as it was then). They must
// never follow the live code, which no longer writes these sentences.
const LAPSED_NOTE = 'No answer to the objection within 21 days';
const LAPSED = { code: 'objection_lapsed', params: { days: 21 } };
const ANSWERED_PREFIX = 'Objection answered: ';
const ANSWERED = 'objection_answered';

type Row = { seq: number | string; status: string | null; note: string; actor: string | null };

/**
 * The system's old English notes become codes, so they too are shown in the reader's
 * language: a cancellation for an unanswered objection (actor `system`), and the move back
 * to review when a kiosk answered one (actor a device; an officer who typed the same words
 * keeps them as written). Every other note is an officer's and stays as it is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const devices = new Set((await db.selectFrom('devices').select('id').execute()).map((row: { id: string }) => row.id));
  await forEachPage<Row>(
    db,
    {
      table: 'application_events',
      key: 'seq',
      columns: ['seq', 'status', 'note', 'actor'],
      pageSize: 500,
      after: null,
      where: (select) => select.where('kind', '=', 'status_changed').where('note', 'is not', null).where('note_code', 'is', null),
    },
    async (rows) => {
      for (const row of rows) {
        const note = codeOf(row, devices);
        if (note) await db.updateTable('application_events').set({ note: null, note_code: note.code, note_params: JSON.stringify(note.params) }).where('seq', '=', row.seq).execute();
      }
    },
  );
}

function codeOf(row: Row, devices: Set<string>): { code: string; params: Record<string, string | number> } | undefined {
  if (row.status === 'cancelled' && row.actor === 'system' && row.note === LAPSED_NOTE) return LAPSED;
  if (row.status === 'under_review' && row.actor !== null && devices.has(row.actor) && row.note.startsWith(ANSWERED_PREFIX)) {
    return { code: ANSWERED, params: { answer: row.note.slice(ANSWERED_PREFIX.length) } };
  }
  return undefined;
}

/** Back to the sentences, for the code before 0036 (which reads only `note`). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('application_events').set({ note: LAPSED_NOTE, note_code: null, note_params: null }).where('note_code', '=', LAPSED.code).execute();
  const answered = (await db.selectFrom('application_events').select(['seq', 'note_params']).where('note_code', '=', ANSWERED).execute()) as { seq: number; note_params: string | null }[];
  for (const row of answered) {
    const answer = (JSON.parse(row.note_params ?? '{}') as { answer?: string }).answer ?? '';
    await db.updateTable('application_events').set({ note: `${ANSWERED_PREFIX}${answer}`, note_code: null, note_params: null }).where('seq', '=', row.seq).execute();
  }
}
