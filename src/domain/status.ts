/** The stages a filing moves through, from the device's draft to a live connection. */
export const STATUSES = [
  'draft',
  'captured',
  'received',
  'under_review',
  'objection',
  'survey_scheduled',
  'estimate_issued',
  'estimate_paid',
  'meter_installed',
  'connected',
  'rejected',
  'cancelled',
] as const;

export type Status = (typeof STATUSES)[number];

const NEXT: Record<Status, readonly Status[]> = {
  draft: ['captured'],
  captured: ['received'],
  received: ['under_review', 'objection', 'survey_scheduled', 'rejected'],
  under_review: ['objection', 'survey_scheduled', 'rejected'],
  // An answered objection reopens review; an unanswered one is cancelled after 21 days.
  objection: ['under_review', 'cancelled', 'rejected'],
  survey_scheduled: ['estimate_issued', 'objection', 'rejected'],
  estimate_issued: ['estimate_paid', 'objection', 'cancelled'],
  estimate_paid: ['meter_installed'],
  meter_installed: ['connected'],
  connected: [],
  rejected: [],
  cancelled: [],
};

export function canMove(from: Status, to: Status): boolean {
  return NEXT[from].includes(to);
}

export function nextStatuses(from: Status): readonly Status[] {
  return NEXT[from];
}

export function isFinal(status: Status): boolean {
  return NEXT[status].length === 0;
}

export const OBJECTION_ANSWER_DAYS = 21;

/** Days to connect from a complete application (Electricity (Rights of Consumers) Rules, 2024). */
export const SERVICE_DAYS = { metro: 3, urban: 7, rural: 15, hilly_rural: 30 } as const;
