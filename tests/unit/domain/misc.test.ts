import { describe, expect, it } from 'vitest';
import { addDays, indiaDay, isCalendarDate } from '../../../src/domain/dates';
import { feeFor, type FeeTable } from '../../../src/domain/fees';
import { isUlid, newId } from '../../../src/domain/ids';
import { formatApplicationNo, formatReceiptNo, parseDeviceId, parseReceiptNo } from '../../../src/domain/receipt-number';
import { canMove, isFinal } from '../../../src/domain/status';

describe('ids', () => {
  it('makes distinct, time-ordered ULIDs', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every(isUlid)).toBe(true);
    expect(isUlid('0'.repeat(25))).toBe(false);
  });
});

describe('dates', () => {
  it('uses the Indian calendar day of an instant', () => {
    expect(indiaDay('2026-11-28T18:29:59Z')).toBe('2026-11-28');
    expect(indiaDay('2026-11-28T18:30:00Z')).toBe('2026-11-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
  });
});

describe('receipt and application numbers', () => {
  it('formats and parses', () => {
    expect(formatReceiptNo('LKO1', 'D07', 42)).toBe('LKO1-D07-000042');
    expect(parseReceiptNo('LKO1-D07-000042')).toEqual({ office: 'LKO1', device: 'D07', sequence: 42 });
    expect(parseReceiptNo('LKO1-D07-42')).toBeNull();
    expect(parseDeviceId('LKO1-D07')).toEqual({ office: 'LKO1', device: 'D07' });
    expect(parseDeviceId('LKO1-X07')).toBeNull();
    expect(formatApplicationNo('LKO1', 123)).toBe('LKO1-000123');
  });
});

describe('fee table', () => {
  it('falls back to the ₹100 processing fee', () => {
    expect(feeFor({ type: 'new_connection', category: 'LMV-1', loadKw: 2 })).toBe(100);
    expect(feeFor({ type: 'name_change' })).toBe(100);
  });

  it('applies the first matching rule by category and load', () => {
    const table: FeeTable = {
      version: 'test',
      currency: 'INR',
      defaultAmount: 100,
      rules: [
        { type: 'name_change', amount: 50 },
        { category: 'LMV-2', minKw: 5, amount: 500 },
        { category: 'LMV-2', amount: 200 },
      ],
    };
    expect(feeFor({ type: 'new_connection', category: 'LMV-2', loadKw: 7 }, table)).toBe(500);
    expect(feeFor({ type: 'new_connection', category: 'LMV-2', loadKw: 2 }, table)).toBe(200);
    expect(feeFor({ type: 'new_connection', category: 'LMV-1', loadKw: 7 }, table)).toBe(100);
    expect(feeFor({ type: 'name_change' }, table)).toBe(50);
    expect(feeFor({ type: 'load_change' }, table)).toBe(100);
  });
});

describe('status machine', () => {
  it('allows the stages in order and refuses jumps', () => {
    expect(canMove('received', 'under_review')).toBe(true);
    expect(canMove('objection', 'cancelled')).toBe(true);
    expect(canMove('received', 'connected')).toBe(false);
    expect(canMove('connected', 'received')).toBe(false);
    expect(isFinal('rejected')).toBe(true);
  });
});
