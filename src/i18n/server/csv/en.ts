import type { CsvKey } from './hi';

/** The backlog CSV's English (`?lang=en`): exactly the Hindi table's keys. */
export const csvEn: Record<CsvKey, string> = {
  'backlog.application_no': 'Application number',
  'backlog.receipt_no': 'Receipt number',
  'backlog.office': 'Office',
  'backlog.type': 'Request type',
  'backlog.status': 'Stage',
  'backlog.received_at': 'Received at the office',
  'backlog.age_days': 'Age (days)',
  'backlog.applicant_name': 'Applicant’s name',
  'backlog.mobile': 'Mobile number',
  'backlog.mobile_verified': 'Mobile verified',
  'backlog.area': 'Area',
  'backlog.due_at': 'Service deadline',
  'backlog.days_left': 'Days left to the deadline',
  'backlog.breached': 'Deadline missed',
  // Issue 16: the survey's day the office fixed (people's form only; codes=1 keeps its header).
  'backlog.survey_date': 'Survey date',
  'value.yes': 'Yes',
  'value.no': 'No',
};
