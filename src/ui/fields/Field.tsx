import type { ComponentChildren } from 'preact';
import { fieldId } from './field-ids';

export interface FieldFrameProps {
  path: string;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  warning?: string;
  children: ComponentChildren;
}

/** Label, hint and message around one control; the control gets `aria-describedby` to both. */
export function FieldFrame({ path, label, required, hint, error, warning, children }: FieldFrameProps) {
  const id = fieldId(path);
  return (
    <div class={`field${error ? ' field--error' : ''}`} data-path={path}>
      <label for={id}>
        {label}
        {required ? <span class="field__required" aria-hidden="true"> *</span> : null}
      </label>
      {hint ? <p class="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      {children}
      {error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : warning ? (
        <p class="field__warning" id={`${id}-warning`}>
          {warning}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(path: string, { hint, error, warning }: { hint?: string; error?: string; warning?: string }): string | undefined {
  const id = fieldId(path);
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : warning ? `${id}-warning` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
