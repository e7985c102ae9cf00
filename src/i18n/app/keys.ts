import type { ApiErrorCode } from '../../domain/error-codes';
import type { OwnClientErrorCode } from '../../domain/client-error-codes';
import type { ValidationCode, WarningCode } from '../../domain/validation-codes';
import type { NoteKey } from '../status-note';

/**
 * The app's tables must carry a message for every validation, warning, API and client error
 * code, for an HTTP status without a code (`error.http.*`, by class) and for every system note.
 */
export type RequiredKeys = Record<
  `validation.${ValidationCode}` | `warning.${WarningCode}` | `error.${ApiErrorCode | OwnClientErrorCode}` | 'error.http.client' | 'error.http.server' | 'error.unknown' | NoteKey,
  string
> &
  Record<string, string>;
