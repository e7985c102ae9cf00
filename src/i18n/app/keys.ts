import type { ApiErrorCode } from '../../domain/error-codes';
import type { OwnClientErrorCode } from '../../domain/client-error-codes';
import type { ValidationCode, WarningCode } from '../../domain/validation-codes';
import type { ThermalErrorCode } from '../../domain/thermal-error-codes';
import type { NoteKey } from '../status-note';

/**
 * The app's tables must carry a message for every validation, warning, API and client error
 * code, for an HTTP status without a code (`error.http.*`, by class), for every system note and
 * for every reason a thermal print failed.
 */
export type RequiredKeys = Record<
  `validation.${ValidationCode}` | `warning.${WarningCode}` | `error.${ApiErrorCode | OwnClientErrorCode}` | 'error.http.client' | 'error.http.server' | 'error.unknown' | NoteKey | `thermal.error.${ThermalErrorCode}`,
  string
> &
  Record<string, string>;
