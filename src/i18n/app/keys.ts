import type { ApiErrorCode } from '../../domain/error-codes';
import type { ValidationCode, WarningCode } from '../../domain/validation-codes';

/** The app's tables must carry a message for every validation, warning and API error code. */
export type RequiredKeys = Record<`validation.${ValidationCode}` | `warning.${WarningCode}` | `error.${ApiErrorCode}`, string> &
  Record<string, string>;
