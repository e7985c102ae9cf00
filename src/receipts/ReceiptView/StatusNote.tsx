import { noteTexts } from '../../i18n/status-note';
import type { Filing } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';

/** The office's note on the filing's stage, after the stage: the system's in the chosen language, the officer's labelled as theirs. */
export function StatusNote({ filing }: { filing: Pick<Filing, 'statusNote' | 'statusNoteCode' | 'statusNoteParams'> }) {
  const { t } = useI18n();
  const texts = noteTexts(t, { noteCode: filing.statusNoteCode, noteParams: filing.statusNoteParams, note: filing.statusNote });
  return texts.length ? <span data-testid="receipt-status-note">{texts.map((text) => ` — ${text}`).join('')}</span> : null;
}
