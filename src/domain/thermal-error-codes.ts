/**
 * Why a receipt did not reach a thermal printer, each shown to the operator in Hindi and
 * English (`thermal.error.<code>`): the chooser closed with no printer (`no_printer`), the
 * remembered printer is not there (`not_connected`: off, unplugged, permission taken back),
 * another program holds it (`busy`), it went away mid-print (`disconnected`), it refused
 * the bytes (`write_failed`), or the chosen device has no way in for print data (`unsupported`).
 */
export const THERMAL_ERROR_CODES = ['no_printer', 'not_connected', 'busy', 'disconnected', 'write_failed', 'unsupported'] as const;

export type ThermalErrorCode = (typeof THERMAL_ERROR_CODES)[number];
