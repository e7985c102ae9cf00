import { describe, expect, it } from 'vitest';
import { SYSTEM_NOTE_CODES } from '../../../src/domain/status-notes';
import { LANGS, type Lang } from '../../../src/i18n';
import { app } from '../../../src/i18n/app';
import { office } from '../../../src/i18n/office';
import { noteTexts, type NoteFields } from '../../../src/i18n/status-note';

const kiosk = (lang: Lang, fields: NoteFields) => noteTexts((key, params) => app.text(lang, key, params), fields);
const console_ = (lang: Lang, fields: NoteFields) => noteTexts((key, params) => office.text(lang, key, params), fields);

describe('system notes', () => {
  it('every code has a message in both languages of the app and of the console', () => {
    for (const table of [app.tables.hi, app.tables.en, office.tables.hi, office.tables.en] as Record<string, string>[]) {
      expect(SYSTEM_NOTE_CODES.filter((code) => !table[`note.${code}`]?.trim())).toEqual([]);
    }
  });

  it('renders an answered objection in the reader’s language, the answer as given', () => {
    const fields = { noteCode: 'objection_answered', noteParams: { answer: 'सेल डीड लगाई' } };
    expect(kiosk('hi', fields)).toEqual(['आपत्ति का उत्तर मिला: सेल डीड लगाई']);
    expect(kiosk('en', fields)).toEqual(['Objection answered: सेल डीड लगाई']);
    expect(console_('hi', fields)).toEqual(['आपत्ति का उत्तर कियोस्क से आया, आवेदन फिर जाँच में: सेल डीड लगाई']);
  });

  it('fills the days of a lapsed objection, and needs no params for a restored filing', () => {
    expect(kiosk('hi', { noteCode: 'objection_lapsed', noteParams: { days: 21 } })).toEqual(['21 दिन में आपत्ति का उत्तर नहीं आया, इसलिए आवेदन रद्द हुआ']);
    expect(kiosk('en', { noteCode: 'restored_from_receipt', noteParams: null })).toEqual(['The application was re-created from the QR code of its paper receipt']);
  });

  it('labels an officer’s words as theirs, after the system’s note, and leaves them in the language written', () => {
    expect(kiosk('hi', { note: 'Survey on 5 December' })).toEqual(['अधिकारी की टिप्पणी: Survey on 5 December']);
    expect(console_('en', { noteCode: 'objection_lapsed', noteParams: { days: 21 }, note: 'x' })).toEqual(['No answer to the objection within 21 days — cancelled by the system', 'Officer’s note: x']);
  });

  it('shows nothing for no note, nor for a code this client does not know (never a raw key)', () => {
    for (const lang of LANGS) {
      expect(kiosk(lang, {})).toEqual([]);
      expect(kiosk(lang, { noteCode: 'from_a_newer_server', note: null })).toEqual([]);
    }
  });
});
