import { isSystemNoteCode, type NoteParams, type SystemNoteCode } from '../domain/status-notes';
import type { Params } from './format';

/** The keys a namespace needs to render notes: one per system note code, and the officer's label. */
export type NoteKey = `note.${SystemNoteCode}` | 'note.officer';

/** A note as the changes feed and the office's history carry it (any of the three may be missing). */
export interface NoteFields {
  noteCode?: string | null | undefined;
  noteParams?: NoteParams | null | undefined;
  note?: string | null | undefined;
}

/**
 * What to show for a note, in the namespace's language: the system's note (a code this
 * client does not know, from a newer server, is left out rather than shown as a key), then
 * the officer's own words, labelled as theirs. Empty when there is no note.
 */
export function noteTexts(text: (key: NoteKey, params?: Params) => string, fields: NoteFields): string[] {
  const texts: string[] = [];
  if (isSystemNoteCode(fields.noteCode)) texts.push(text(`note.${fields.noteCode}`, fields.noteParams ?? undefined));
  if (fields.note) texts.push(text('note.officer', { note: fields.note }));
  return texts;
}
