import { describe, expect, it } from 'vitest';
import type { ServerSnapshot } from '../../chaos/server-snapshot';
import { numberingFaults } from '../../chaos/verdict';

function snapshot(numbers: string[], counters: Record<string, number>): ServerSnapshot {
  return {
    applications: numbers.map((applicationNo, index) => ({ id: `a${index}`, applicationNo, officeCode: applicationNo.split('-')[0]!, receiptNo: null, contentHash: 'h', recomputedHash: 'h', documents: [], receivedEvents: 1 })),
    documentsIntact: new Set(),
    counters: new Map(Object.entries(counters)),
  };
}

describe('the chaos verdict on application numbers', () => {
  it('passes numbers 1…n per office with each counter at n', () => {
    expect(numberingFaults(snapshot(['LKO1-000002', 'LKO1-000001', 'KNP2-000001'], { 'application:LKO1': 2, 'application:KNP2': 1 }))).toEqual([]);
  });

  it('finds a number skipped, a number given twice and a counter that ran ahead', () => {
    expect(numberingFaults(snapshot(['LKO1-000001', 'LKO1-000003'], { 'application:LKO1': 2 }))).toEqual(['LKO1: number 2 expected, 3 found']);
    expect(numberingFaults(snapshot(['LKO1-000001', 'LKO1-000001'], { 'application:LKO1': 2 }))).toEqual(['LKO1: number 2 expected, 1 found']);
    expect(numberingFaults(snapshot(['LKO1-000001'], { 'application:LKO1': 2 }))).toEqual(['LKO1: counter at 2, 1 applications numbered']);
  });
});
