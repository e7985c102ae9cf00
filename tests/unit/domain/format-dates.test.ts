import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatTime, isTimeZone, zonedDateTime, zonedDay } from '../../../src/domain/format-dates';

// 3:04:50 a.m. on 2 December 2026 in India is still 1 December in UTC.
const EARLY_IST = '2026-12-01T21:34:50.000Z';

describe('the one date and number formatter', () => {
  it('dates an instant by its day in India, in either language', () => {
    expect(formatDate(EARLY_IST, 'en')).toBe('2 Dec 2026');
    expect(formatDate(EARLY_IST, 'hi')).toBe('2 दिसंबर 2026');
    expect(formatTime(EARLY_IST, 'en')).toBe('3:04 am');
    expect(formatTime(EARLY_IST, 'hi')).toBe('3:04 am');
    expect(formatDateTime(EARLY_IST, 'en')).toBe('2 Dec 2026, 3:04 am');
    expect(formatDateTime(EARLY_IST, 'hi')).toBe('2 दिसंबर 2026, 3:04 am');
    expect(formatDateTime('2026-12-02T09:30:00.000Z', 'en')).toBe('2 Dec 2026, 3:00 pm');
  });

  it('reads a calendar day as that day, whatever the zone', () => {
    expect(formatDate('2026-12-03', 'en')).toBe('3 Dec 2026');
    expect(formatDate('2026-12-03', 'hi', 'America/Los_Angeles')).toBe('3 दिसंबर 2026');
  });

  it('takes another zone when one is configured', () => {
    expect(formatDateTime(EARLY_IST, 'en', 'UTC')).toBe('1 Dec 2026, 9:34 pm');
    expect(zonedDay(EARLY_IST, 'UTC')).toBe('2026-12-01');
  });

  it('gives the IST day and time for files and spreadsheets', () => {
    expect(zonedDay(EARLY_IST)).toBe('2026-12-02');
    expect(zonedDateTime(EARLY_IST)).toBe('2026-12-02 03:04:50');
    expect(zonedDateTime('2026-12-01T18:30:00.000Z')).toBe('2026-12-02 00:00:00');
  });

  it('groups numbers the Indian way in Latin digits in both languages', () => {
    expect(formatNumber(1234567, 'hi')).toBe('12,34,567');
    expect(formatNumber(1234567, 'en')).toBe('12,34,567');
    expect(formatMoney(150000, 'hi')).toBe('₹1,50,000');
    expect(formatMoney(100, 'en')).toBe('₹100');
  });

  it('knows a zone name from a typo', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Asia/Calcutta_')).toBe(false);
  });
});
