import feeTableData from './fee-table.json';

/**
 * The processing fee is data, not code: a utility changes it by editing
 * fee-table.json. A rule may name a request type, a category and a load range (kW,
 * inclusive); the first rule that matches wins, otherwise the default applies.
 */
export interface FeeRule {
  type?: string;
  category?: string;
  minKw?: number;
  maxKw?: number;
  amount: number;
}

export interface FeeTable {
  version: string;
  currency: 'INR';
  defaultAmount: number;
  rules: FeeRule[];
}

export const FEE_TABLE = feeTableData as FeeTable;

export interface FeeQuery {
  type: string;
  category?: string;
  loadKw?: number;
}

export function feeFor(query: FeeQuery, table: FeeTable = FEE_TABLE): number {
  for (const rule of table.rules) {
    if (rule.type !== undefined && rule.type !== query.type) continue;
    if (rule.category !== undefined && rule.category !== query.category) continue;
    if (rule.minKw !== undefined && (query.loadKw === undefined || query.loadKw < rule.minKw)) continue;
    if (rule.maxKw !== undefined && (query.loadKw === undefined || query.loadKw > rule.maxKw)) continue;
    return rule.amount;
  }
  return table.defaultAmount;
}
