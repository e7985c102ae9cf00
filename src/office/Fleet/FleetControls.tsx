import { useState } from 'preact/hooks';
import { useOfficeText } from '../use-office-text';
import { parseSilentDays, type FleetQuery } from './fleet-query';

interface Props {
  query: FleetQuery;
  /** The offices an admin may pick from; undefined for an officer, who sees only their own. */
  offices: string[] | undefined;
  busy: boolean;
  onChange(query: FleetQuery): void;
  onRefresh(): void;
}

/** The silence limit (applied on its button, not on every keystroke), an admin's office, and a refresh: devices report every 30 s. */
export function FleetControls({ query, offices, busy, onChange, onRefresh }: Props) {
  const { text } = useOfficeText();
  const [invalid, setInvalid] = useState(false);

  return (
    <div class="fleet-controls">
      <form
        class="fleet-controls__days"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const days = parseSilentDays(String(new FormData(event.currentTarget).get('silentDays') ?? ''));
          setInvalid(days === undefined);
          if (days !== undefined) onChange({ ...query, silentDays: days });
        }}
      >
        <div class={`field${invalid ? ' field--error' : ''}`}>
          <label for="fleet-silent-days">{text('fleet.silentDays')}</label>
          <p class="field__hint" id="fleet-silent-days-hint">
            {text('fleet.silentDaysHint')}
          </p>
          <div class="office-search__row">
            {/* Text with a numeric keypad rather than type=number, which refuses Devanagari digits and changes under a scroll wheel. Keyed so it follows the address. */}
            <input
              key={query.silentDays}
              id="fleet-silent-days"
              name="silentDays"
              type="text"
              inputMode="numeric"
              class="fleet-controls__input"
              defaultValue={String(query.silentDays)}
              maxLength={3}
              aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={invalid ? 'fleet-silent-days-hint fleet-silent-days-error' : 'fleet-silent-days-hint'}
            />
            <button type="submit" class="button">
              {text('fleet.apply')}
            </button>
          </div>
          {invalid ? (
            <p class="field__error" id="fleet-silent-days-error" data-testid="fleet-silent-days-error">
              {text('fleet.silentDaysInvalid')}
            </p>
          ) : null}
        </div>
      </form>
      {offices ? (
        <div class="field">
          <label for="fleet-office">{text('filters.office')}</label>
          <select id="fleet-office" value={query.office ?? ''} onChange={(event) => onChange({ ...query, office: (event.currentTarget as HTMLSelectElement).value || undefined })}>
            <option value="">{text('filters.any')}</option>
            {offices.map((office) => (
              <option key={office} value={office}>
                {office}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="button" class="button fleet-controls__refresh" disabled={busy} onClick={onRefresh} data-testid="fleet-refresh">
        {text('fleet.refresh')}
      </button>
    </div>
  );
}
