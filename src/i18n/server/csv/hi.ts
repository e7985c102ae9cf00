/**
 * The office's backlog CSV for people (`?lang=hi`, the default): its column headers and
 * the words for a yes/no cell. Hindi first; en.ts has exactly these keys (a type error
 * otherwise). A column's key is its header in the machines' form (`?codes=1`), which never
 * changes. The stage, request type and area in the cells are the app's own labels
 * (src/i18n/app), the words the console shows for them.
 */
export const csvHi = {
  'backlog.application_no': 'आवेदन संख्या',
  'backlog.receipt_no': 'रसीद संख्या',
  'backlog.office': 'कार्यालय',
  'backlog.type': 'आवेदन का प्रकार',
  'backlog.status': 'स्थिति',
  'backlog.received_at': 'कार्यालय में प्राप्त',
  'backlog.age_days': 'उम्र (दिन)',
  'backlog.applicant_name': 'आवेदक का नाम',
  'backlog.mobile': 'मोबाइल नंबर',
  'backlog.mobile_verified': 'मोबाइल पुष्ट',
  'backlog.area': 'क्षेत्र',
  'backlog.due_at': 'सेवा की समय-सीमा',
  'backlog.days_left': 'समय-सीमा में बचे दिन',
  'backlog.breached': 'समय-सीमा पार',
  // Issue 16: the survey's day the office fixed (people's form only; codes=1 keeps its header).
  'backlog.survey_date': 'सर्वे की तारीख़',
  // Its own words, not the app's common.yes/no: those are button labels and may be reworded for a dialog.
  'value.yes': 'हाँ',
  'value.no': 'नहीं',
} as const;

export type CsvKey = keyof typeof csvHi;
