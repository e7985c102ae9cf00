import * as z from 'zod/mini';

/**
 * What a device tells the server, with every status pull, about what it still holds: so an
 * office knows how many filings exist that its server has not got (the incident behind this
 * product: a state that could not say how many applications it had lost). Counts, one time,
 * a version and storage figures — never a name, a mobile, an id or a receipt number.
 *
 * It rides in one request header of `GET /api/v1/changes` as compact JSON, so a pull stays a
 * single GET; the server keeps the latest per device (an upsert, never a log).
 */
export const HEARTBEAT_HEADER = 'sahej-heartbeat';

/** The most a heartbeat may be, in bytes of its header value: a pull is not a place for data. */
export const HEARTBEAT_MAX_BYTES = 300;

// A kiosk holds hundreds, a busy camp some thousands; a million is a broken or hostile device.
export const MAX_COUNT = 1_000_000;
// 2^50 bytes: past any browser's quota, inside a double's exact integers and a BIGINT.
export const MAX_BYTES = 2 ** 50;

const count = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_COUNT));
const bytes = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_BYTES));

/** Keys are short on purpose: the header goes out every 30 s from every device. */
export const heartbeatSchema = z.strictObject({
  /** Format version of the heartbeat itself. */
  v: z.literal(1),
  /** The app build that sends it (package version and, where built from git, its commit). */
  app: z.string().check(z.regex(/^[0-9A-Za-z.+_-]{1,40}$/)),
  /** Drafts not yet submitted. */
  dr: count,
  /** Filings and additions waiting to be sent (none in a request right now). */
  wt: count,
  /** In a request right now. */
  sn: count,
  /** Refused by the server and waiting for the operator ("needs attention"). */
  at: count,
  /** Received by the server but not yet confirmed by a reconciliation. */
  uc: count,
  /** Capture time of the oldest filing the server does not have, epoch seconds; absent when none. */
  old: z.optional(z.number().check(z.int(), z.minimum(1_577_836_800), z.maximum(4_102_444_800))),
  /** Storage the app's origin uses and may use (navigator.storage.estimate), and whether it is persistent. */
  use: z.optional(bytes),
  quo: z.optional(bytes),
  per: z.optional(z.boolean()),
});

export type Heartbeat = z.output<typeof heartbeatSchema>;

/** What went wrong reading a header: too long, not JSON, or a field unknown or out of range. */
export type HeartbeatReading = { ok: true; value: Heartbeat } | { ok: false; issues: { path: string; message: string }[] };

export function encodeHeartbeat(heartbeat: Heartbeat): string {
  return JSON.stringify(heartbeat);
}

/** Reads a header value strictly; the server stores nothing unless this says ok. */
export function readHeartbeat(header: string): HeartbeatReading {
  if (header.length > HEARTBEAT_MAX_BYTES) return { ok: false, issues: [{ path: '', message: `longer than ${HEARTBEAT_MAX_BYTES} bytes` }] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'not JSON' }] };
  }
  const result = heartbeatSchema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
}

/**
 * What a device sends, made to fit the schema: counts capped, and a capture time or storage
 * figure the server would refuse left out (a phone whose clock was once reset to 1970 holds
 * filings "captured" then). A refused heartbeat would fail the whole status pull, so the
 * device never sends one the schema does not take: if it still would not fit, none at all.
 */
export function fitHeartbeat(raw: Heartbeat): Heartbeat | undefined {
  const cap = (n: number) => Math.min(MAX_COUNT, Math.max(0, Math.floor(n)));
  const fitted: Heartbeat = { v: 1, app: raw.app, dr: cap(raw.dr), wt: cap(raw.wt), sn: cap(raw.sn), at: cap(raw.at), uc: cap(raw.uc) };
  for (const key of ['old', 'use', 'quo', 'per'] as const) {
    if (raw[key] === undefined) continue;
    const trial = { ...fitted, [key]: raw[key] };
    if (heartbeatSchema.safeParse(trial).success) Object.assign(fitted, { [key]: raw[key] });
  }
  return heartbeatSchema.safeParse(fitted).success && encodeHeartbeat(fitted).length <= HEARTBEAT_MAX_BYTES ? fitted : undefined;
}
