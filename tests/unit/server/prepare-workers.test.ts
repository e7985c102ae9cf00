import { describe, expect, it } from 'vitest';
import { defaultPrepareWorkers, prepareWorkersConfig } from '../../../server/workers/prepare-workers';

describe('how many worker threads validate and hash envelopes', () => {
  it('leaves the event loop a core of its own: none on one core, one fewer than the cores, four at most', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultPrepareWorkers(cores))).toEqual([0, 1, 2, 3, 4, 4]);
  });

  it('takes PREPARE_WORKERS as a whole number from 0 to 64, and the default when it is unset or empty', () => {
    expect(prepareWorkersConfig(undefined, 2)).toBe(1);
    expect(prepareWorkersConfig('', 1)).toBe(0);
    expect(prepareWorkersConfig('0', 8)).toBe(0);
    expect(prepareWorkersConfig('3', 2)).toBe(3);
  });

  it.each(['two', '-1', '1.5', '65', ' '])('refuses PREPARE_WORKERS=%j with the variable named', (value) => {
    expect(() => prepareWorkersConfig(value, 2)).toThrow(/PREPARE_WORKERS must be a whole number from 0 to 64/);
  });
});
