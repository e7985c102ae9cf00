import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, fullJitterDelay, parseRetryAfter } from '../../../src/sync/backoff';

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

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
