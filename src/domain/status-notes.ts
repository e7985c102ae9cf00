/**
 * The notes the system itself writes on an application's history, as codes with
 * parameters: each client renders them in its reader's language (the kiosk from the app
 * table, the console from its own), so no English sentence written by the server ever
 * reaches a Hindi screen. An officer's own words stay free text beside them (`note`).
 * Codes are a contract like error codes: never renamed, never given a new meaning.
 */
export const SYSTEM_NOTE_CODES = [
  /** The kiosk answered the objection; back under review. Params: `answer` (the applicant's words). */
  'objection_answered',
  /** No answer within the objection's days; cancelled. Params: `days`. */
  'objection_lapsed',
  /** The server re-created the filing from the QR code of its paper receipt. */
  'restored_from_receipt',
] as const;

export type SystemNoteCode = (typeof SYSTEM_NOTE_CODES)[number];

export type NoteParams = Record<string, string | number>;

export interface SystemNote {
  code: SystemNoteCode;
  params?: NoteParams;
}

export function isSystemNoteCode(value: unknown): value is SystemNoteCode {
  return typeof value === 'string' && (SYSTEM_NOTE_CODES as readonly string[]).includes(value);
}

/** At most this many characters in an officer's note (the server refuses longer, the console says so). */
export const NOTE_MAX_LENGTH = 1000;
