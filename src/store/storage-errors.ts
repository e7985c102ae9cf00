/** Why a write to the device's storage failed, in the terms the operator is told. */
export type StorageProblem = 'quota' | 'closed' | 'unavailable' | 'unknown';

function namesOf(error: unknown): string[] {
  const names: string[] = [];
  for (let current = error as { name?: string; inner?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.name === 'string') names.push(current.name);
    current = current.inner as typeof current;
  }
  return names;
}

export function classifyStorageError(error: unknown): StorageProblem {
  const names = namesOf(error);
  if (names.includes('QuotaExceededError')) return 'quota';
  if (names.some((name) => name === 'DatabaseClosedError' || name === 'InvalidStateError')) return 'closed';
  if (names.some((name) => name === 'MissingAPIError' || name === 'OpenFailedError' || name === 'UnknownError' || name === 'SecurityError')) return 'unavailable';
  return 'unknown';
}
