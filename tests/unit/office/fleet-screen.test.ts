import { describe, expect, it } from 'vitest';
import { office } from '../../../src/i18n/office';
import { durationOf, sinceOf } from '../../../src/office/Fleet/durations';
import { DEFAULT_SILENT_DAYS, fleetPath, fleetQueryString, parseSilentDays, readFleetQuery } from '../../../src/office/Fleet/fleet-query';
import { formatBytes, storageFigures } from '../../../src/office/Fleet/storage-figures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('the fleet screen’s address', () => {
  it('takes a silence limit of 1 to 90 whole days, Devanagari digits too, and the default for anything else', () => {
    expect(parseSilentDays('7')).toBe(7);
    expect(parseSilentDays(' 90 ')).toBe(90);
    expect(parseSilentDays('१४')).toBe(14);
    for (const bad of ['0', '91', '3.5', '1e1', '-2', '', ' ', 'abc', '0x10', '007x', null, undefined]) expect(parseSilentDays(bad), String(bad)).toBeUndefined();
    expect(readFleetQuery('?silentDays=91').silentDays).toBe(DEFAULT_SILENT_DAYS);
    expect(readFleetQuery('?silentDays=12&page=3&office=knp1')).toEqual({ silentDays: 12, page: 3, office: 'KNP1' });
    expect(readFleetQuery('?page=0&office=<x>')).toEqual({ silentDays: DEFAULT_SILENT_DAYS, page: 1 });
  });

  it('writes it back in a fixed order, leaving out the default limit and the first page', () => {
    expect(fleetPath({ silentDays: DEFAULT_SILENT_DAYS, page: 1 })).toBe('/office/devices');
    expect(fleetPath({ silentDays: 7, page: 2, office: 'LKO1' })).toBe('/office/devices?office=LKO1&silentDays=7&page=2');
    expect(fleetQueryString({ silentDays: 7, page: 2 }, { page: false })).toBe('silentDays=7');
    const query = { silentDays: 30, page: 4, office: 'KNP1' };
    expect(readFleetQuery(`?${fleetQueryString(query)}`)).toEqual(query);
  });
});

describe('spans of time in words', () => {
  it('is the largest whole unit, rounded down, so it never says more than the flag', () => {
    expect(durationOf(3 * DAY + 20 * HOUR)).toEqual({ key: 'duration.days', n: 3 });
    expect(durationOf(DAY)).toEqual({ key: 'duration.day', n: 1 });
    expect(durationOf(DAY - 1)).toEqual({ key: 'duration.hours', n: 23 });
    expect(durationOf(HOUR + 59 * MINUTE)).toEqual({ key: 'duration.hour', n: 1 });
    expect(durationOf(2 * MINUTE)).toEqual({ key: 'duration.minutes', n: 2 });
    expect(durationOf(59_999)).toEqual({ key: 'duration.underMinute', n: 0 });
    // A device clock ahead of this one is not "in the future".
    expect(durationOf(-5 * MINUTE)).toEqual({ key: 'duration.underMinute', n: 0 });
    expect(sinceOf('2026-12-01T00:00:00.000Z', Date.parse('2026-12-06T01:00:00.000Z'))).toEqual({ key: 'duration.days', n: 5 });
  });

  it('has a message for every unit in both languages', () => {
    const keys = [0, MINUTE, 2 * MINUTE, HOUR, 2 * HOUR, DAY, 2 * DAY].map((ms) => durationOf(ms).key);
    for (const key of keys) expect(office.has(key), key).toBe(true);
    expect(office.text('hi', 'duration.days', { n: 5 })).toBe('5 दिन');
    expect(office.text('en', 'duration.hours', { n: 2 })).toBe('2 hours');
  });
});

describe('storage figures', () => {
  it('reads bytes as MB below a GB and GB above, with Indian grouping', () => {
    expect(formatBytes(850 * 1024 * 1024, 'en')).toBe('850 MB');
    expect(formatBytes(1.5 * 1024 * 1024, 'hi')).toBe('1.5 MB');
    expect(formatBytes(1.94 * 1024 ** 3, 'en')).toBe('1.9 GB');
    expect(formatBytes(12_345 * 1024 ** 3, 'en')).toBe('12,345 GB');
  });

  it('warns from 80 % of the quota, and says nothing it was not told', () => {
    const gb = 1024 ** 3;
    expect(storageFigures(1.9 * gb, 2 * gb, 'en')).toEqual({ used: '1.9 GB', quota: '2 GB', percent: 95, nearFull: true });
    expect(storageFigures(0.8 * gb, gb, 'en')).toMatchObject({ percent: 80, nearFull: true });
    expect(storageFigures(0.79 * gb, gb, 'en')).toMatchObject({ percent: 79, nearFull: false });
    // Past the quota, or a quota of nothing: full, never more than 100 %.
    expect(storageFigures(5, 0, 'en')).toMatchObject({ percent: 100, nearFull: true });
    expect(storageFigures(null, gb, 'en')).toBeUndefined();
    expect(storageFigures(gb, null, 'en')).toBeUndefined();
  });
});
