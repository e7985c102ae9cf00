import type { SmsKey } from './hi';

/** Status SMS in English, for an applicant who chose it at capture: exactly the Hindi table's keys. */
export const smsEn: Record<SmsKey, string> = {
  'message.received': 'Sahej: {initials}, your electricity connection application {applicationNo} has reached the office. Status: {link} Confirm your mobile: {verify}',
  'message.objection': 'Sahej: objection on application {applicationNo} ({initials}): {reason}. Answer at your kiosk or office by {date}, or the application will be cancelled.',
  'message.objection_answered': 'Sahej: your answer to the objection on application {applicationNo} ({initials}) has reached the office; it is under review again.',
  'message.survey_scheduled': 'Sahej: the survey of the premises for application {applicationNo} ({initials}) is on {date}. Please be available that day.',
  'message.estimate_issued': 'Sahej: the estimate for application {applicationNo} ({initials}) is {amount}. Pay at your electricity office or kiosk, quoting the application number.',
  'message.connected': 'Sahej: congratulations! The electricity connection of application {applicationNo} ({initials}) is live.',
  'message.rejected': 'Sahej: application {applicationNo} ({initials}) was rejected. Reason: {reason}',
  'message.cancelled': 'Sahej: application {applicationNo} ({initials}) was cancelled. Reason: {reason}',
  'fill.reason_none': 'contact your electricity office for details',
  'fill.objection_lapsed': 'the objection was not answered in {days} days',
  'fill.link_none': 'on your receipt, or at your electricity office',
  'fill.date_none': 'soon (the office will tell you the day)',
  'fill.amount_none': 'ask your office',
  'fill.verify_done': 'already done',
};
