/**
 * Status SMS to applicants (server/notify/, issue 16), Hindi: the language an applicant gets
 * unless English was chosen at capture. Each `message.*` text is registered as a DLT
 * template (its id in configuration), its `{placeholders}` the template's variables, so a
 * change of wording here is a new registration there. They carry the application number,
 * the applicant's initials and what the stage needs, nothing else: never a name, mobile,
 * address or the office's own note. en.ts has exactly these keys (a type error otherwise).
 */
export const smsHi = {
  'message.received': 'सहेज: {initials}, बिजली कनेक्शन का आपका आवेदन {applicationNo} कार्यालय को मिल गया है। स्थिति देखें: {link} मोबाइल की पुष्टि: {verify}',
  'message.objection': 'सहेज: आवेदन {applicationNo} ({initials}) पर आपत्ति: {reason}। {date} तक अपने कियोस्क या कार्यालय में उत्तर दें, नहीं तो आवेदन रद्द हो जाएगा।',
  'message.objection_answered': 'सहेज: आवेदन {applicationNo} ({initials}) पर आपत्ति का आपका उत्तर मिल गया है; आवेदन फिर से जाँच में है।',
  'message.survey_scheduled': 'सहेज: आवेदन {applicationNo} ({initials}) के परिसर का सर्वे {date} को होगा। कृपया उस दिन उपलब्ध रहें।',
  'message.estimate_issued': 'सहेज: आवेदन {applicationNo} ({initials}) का प्राक्कलन {amount} है। भुगतान अपने बिजली कार्यालय या कियोस्क पर आवेदन संख्या बताकर करें।',
  'message.connected': 'सहेज: बधाई! आवेदन {applicationNo} ({initials}) का बिजली कनेक्शन जुड़ गया है।',
  'message.rejected': 'सहेज: आवेदन {applicationNo} ({initials}) अस्वीकार हुआ। कारण: {reason}',
  'message.cancelled': 'सहेज: आवेदन {applicationNo} ({initials}) रद्द हो गया है। कारण: {reason}',
  // The words a variable takes when the stage did not say more.
  'fill.reason_none': 'विवरण के लिए अपने बिजली कार्यालय से संपर्क करें',
  'fill.objection_lapsed': 'आपत्ति का उत्तर {days} दिनों में नहीं मिला',
  'fill.link_none': 'अपनी रसीद पर या अपने बिजली कार्यालय में',
  'fill.date_none': 'जल्द (दिन कार्यालय बताएगा)',
  'fill.amount_none': 'कार्यालय से पता करें',
  'fill.verify_done': 'हो चुकी है',
} as const;

export type SmsKey = keyof typeof smsHi;
