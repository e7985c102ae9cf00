/** One entry of `GET /api/v1/changes`: what became of an application, as the devices of its office learn it. */
export interface Change {
  id: string;
  applicationNo: string;
  status: string;
  at: string;
  /** The officer's note; for an objection, its reason. */
  note?: string;
  /** Set on the change that records the applicant's mobile as verified (its status is unchanged). */
  mobileVerified?: true;
}
