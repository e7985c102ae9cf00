import type { NoteParams, SystemNote } from '../../src/domain/status-notes';

/** The columns of an event that carry a system note (none: both null). */
export function noteColumns(note: SystemNote | undefined): { note_code: string | null; note_params: string | null } {
  return { note_code: note?.code ?? null, note_params: note?.params ? JSON.stringify(note.params) : null };
}

/**
 * A stored system note as the wire carries it. The code is passed on as text even when this
 * server no longer knows it: the clients decide what they can render.
 */
export function storedNote(row: { note_code: string | null; note_params: string | null }): { noteCode: string; noteParams?: NoteParams } | undefined {
  if (!row.note_code) return undefined;
  return { noteCode: row.note_code, ...(row.note_params ? { noteParams: JSON.parse(row.note_params) as NoteParams } : {}) };
}
