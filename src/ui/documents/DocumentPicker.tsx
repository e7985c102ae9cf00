import { useI18n } from '../i18n-context';

export interface DocumentPickerProps {
  /** The camera input's id (what a label or an error points at); the file input gets `${id}-file`. */
  id: string;
  /** What the document is, read after the button's own text by screen readers. */
  label: string;
  disabled: boolean;
  onFile(file: File): void;
}

/**
 * The two ways a document comes in, the same wherever one is asked for: the camera (a
 * photo straight from the back camera on a phone) or a file (a photo or a PDF).
 */
export function DocumentPicker({ id, label, disabled, onFile }: DocumentPickerProps) {
  const { t } = useI18n();
  const take = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) onFile(file);
  };
  const choices = [
    { inputId: id, accept: 'image/*', capture: 'environment' as const, text: t('documents.camera') },
    { inputId: `${id}-file`, accept: 'image/*,application/pdf', capture: undefined, text: t('documents.file') },
  ];
  return (
    <div class="document-actions">
      {choices.map((choice) => (
        <label class="button file-button" key={choice.inputId}>
          <input id={choice.inputId} class="visually-hidden" type="file" accept={choice.accept} capture={choice.capture} disabled={disabled} onChange={(event) => take(event.currentTarget)} />
          {choice.text}
          <span class="visually-hidden"> {label}</span>
        </label>
      ))}
    </div>
  );
}
