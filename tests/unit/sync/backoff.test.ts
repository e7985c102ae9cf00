import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, fullJitterDelay } from '../../../src/sync/backoff';

describe('full-jitter backoff', () => {
  it('waits up to 2 s, then doubles the ceiling each failure', () => {
    expect(fullJitterDelay(1, () => 0.999999)).toBe(1999);
    expect(fullJitterDelay(2, () => 0.999999)).toBe(3999);
    expect(fullJitterDelay(5, () => 0.5)).toBe(16_000);
    expect(fullJitterDelay(3, () => 0)).toBe(0);
  });

  it('never waits more than 5 minutes, however many failures', () => {
    expect(fullJitterDelay(40, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(fullJitterDelay(1000, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(fullJitterDelay(1000, () => 0.999999)).toBeGreaterThan(BACKOFF_CAP_MS - 1000);
  });
});

// Retry-After: tests/unit/net/http.test.ts.
