/** One application in the office's backlog list, as the server sends it and the console reads it. */
export interface BacklogItem<S extends string = string> {
  id: string;
  applicationNo: string;
  receiptNo: string | null;
  office: string;
  type: string;
  status: S;
  receivedAt: string;
  ageDays: number;
  applicantName: string;
  mobile: string;
  area: string | null;
  dueAt: string | null;
  /** Whole days left on the service clock; negative once breached; null without a clock or when final. */
  daysLeft: number | null;
  breached: boolean;
  mobileVerified: boolean;
}
