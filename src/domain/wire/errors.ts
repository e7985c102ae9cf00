import * as z from 'zod/mini';

/**
 * The body of every error answer (server/http-errors.ts): `error` is an ApiErrorCode, read
 * as text so an unknown code from a newer server is still an error body; the rest is
 * present for some codes only.
 */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.optional(z.string()),
  parameter: z.optional(z.string()),
  attemptsLeft: z.optional(z.number()),
  issues: z.optional(z.array(z.object({ path: z.string(), code: z.string(), message: z.optional(z.string()) }))),
});
export type ErrorBody = z.output<typeof errorBodySchema>;
