import * as z from 'zod/mini';

// Building blocks of the response schemas. Plain `z.object`s: parsing keeps only the
// declared fields, and tests/integration/wire-shapes.test.ts proves the server sends no
// other (a parsed answer equals the answer), so a field added on one side shows up there.

export const str = z.string();
export const num = z.number();
export const bool = z.boolean();
export const strings = z.array(z.string());
export const nullableStr = z.nullable(z.string());
/** A system note's parameters (src/domain/status-notes.ts). */
export const noteParams = z.record(z.string(), z.union([z.string(), z.number()]));

/** An object the schema does not look into (an envelope or an addition the server stored after validating it). */
export function opaque<T>(isShaped: (value: Record<string, unknown>) => boolean) {
  return z.custom<T>((value) => !!value && typeof value === 'object' && !Array.isArray(value) && isShaped(value as Record<string, unknown>));
}
