import type { NoteParams } from './status-notes';

/** One entry of `GET /api/v1/changes`: what became of an application, as the devices of its office learn it. */
export interface Change {
  id: string;
  applicationNo: string;
  status: string;
  at: string;
  /** The officer's own words; for an objection, its reason. */
  note?: string;
  /**
   * What the system said of the change, as a code of status-notes.ts (text: a newer server
   * may send one this client does not know) and its parameters. An older server sends neither.
   */
  noteCode?: string;
  noteParams?: NoteParams;
  /** Words the office wrote for the applicant, the survey's day (YYYY-MM-DD), the estimate in rupees (src/domain/transition.ts). */
  applicantNote?: string;
  surveyDate?: string;
  estimateAmount?: number;
  /** Set on the change that records the applicant's mobile as verified (its status is unchanged). */
  mobileVerified?: true;
}
