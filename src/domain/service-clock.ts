import type { Envelope } from './envelope';
import type { Area } from './requests/new-connection';
import { isFinal, SERVICE_DAYS, type Status } from './status';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The service clock of the Electricity (Rights of Consumers) Rules: a new connection is
 * due within 3, 7, 15 or 30 days (metro, other urban, rural, hilly rural) of a complete
 * application. Only new connections carry an area, so only they have a clock.
 */
export function areaOf(envelope: Pick<Envelope, 'type' | 'data'>): Area | undefined {
  return envelope.type === 'new_connection' ? (envelope.data as { premises: { area: Area } }).premises.area : undefined;
}

/** When a clock started at `startedAt` runs out. */
export function serviceDueAt(startedAt: string, area: Area): string {
  return new Date(new Date(startedAt).getTime() + SERVICE_DAYS[area] * DAY_MS).toISOString();
}

/** Whole days left (rounded up); zero or less once it has run out. */
export function serviceDaysLeft(dueAt: string, now: Date): number {
  return Math.ceil((new Date(dueAt).getTime() - now.getTime()) / DAY_MS);
}

/** A clock stops at a final stage: connected, rejected or cancelled. */
export function isBreached(dueAt: string | null, status: Status, now: Date): boolean {
  return dueAt !== null && !isFinal(status) && new Date(dueAt).getTime() < now.getTime();
}

/**
 * What the applicant is told of the deadline: missed while open past it (as `isBreached`),
 * and still missed once connected if the connection came after it — compensation for a
 * late connection is due even when the supply is on. A rejected or cancelled application
 * owes no connection, so no deadline of it is reported missed.
 */
export function deadlineMissed(dueAt: string, status: Status, now: Date, stageAt: string | undefined): boolean {
  if (status === 'connected') return stageAt !== undefined && new Date(stageAt).getTime() > new Date(dueAt).getTime();
  return isBreached(dueAt, status, now);
}

/** Whole days since an instant (the age of an application in the backlog). */
export function ageInDays(since: string, now: Date): number {
  return Math.floor((now.getTime() - new Date(since).getTime()) / DAY_MS);
}

/** The backlog's age buckets, in days since received: the console's chart and its filter. */
export const AGE_BUCKETS = [
  { id: '0-7', min: 0, max: 7 },
  { id: '8-30', min: 8, max: 30 },
  { id: '31-90', min: 31, max: 90 },
  { id: '90+', min: 91, max: Number.POSITIVE_INFINITY },
] as const;

export type AgeBucket = (typeof AGE_BUCKETS)[number]['id'];
