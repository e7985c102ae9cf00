import { REQUEST_TYPES } from '../../domain/requests';
import { AGE_BUCKETS, type AgeBucket } from '../../domain/service-clock';
import type { Status } from '../../domain/status';
import { hasFilters, SERVER_STATUSES, type BacklogQuery } from '../backlog-query';
import { useOfficeText } from '../use-office-text';

interface Props {
  query: BacklogQuery;
  /** The offices an admin may pick from; undefined for an officer, who sees only their own. */
  offices: string[] | undefined;
  onChange(query: BacklogQuery): void;
}

/** Every filter applies at once; the search box on its button (not on every keystroke). */
export function BacklogFilters({ query, offices, onChange }: Props) {
  const { text, textKey, tKey } = useOfficeText();
  const set = (change: Partial<BacklogQuery>) => onChange({ ...query, ...change });
  const chosen = (event: Event) => (event.currentTarget as HTMLSelectElement).value || undefined;

  return (
    <div class="office-filters">
      <form
        class="office-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
          set({ q: q || undefined });
        }}
      >
        <div class="field">
          <label for="backlog-q">{text('filters.search')}</label>
          <p class="field__hint" id="backlog-q-hint">
            {text('filters.searchHint')}
          </p>
          <div class="office-search__row">
            {/* Keyed by the query so the box follows the address (a reload, "clear filters"). */}
            <input key={query.q ?? ''} id="backlog-q" name="q" type="search" defaultValue={query.q ?? ''} aria-describedby="backlog-q-hint" maxLength={100} />
            <button type="submit" class="button">
              {text('filters.searchButton')}
            </button>
          </div>
        </div>
      </form>
      <fieldset class="office-filters__grid">
        <legend class="visually-hidden">{text('filters.title')}</legend>
        <div class="field">
          <label for="filter-status">{text('filters.status')}</label>
          <select id="filter-status" value={query.status ?? ''} onChange={(event) => set({ status: chosen(event) as Status | undefined })}>
            <option value="">{text('filters.any')}</option>
            {SERVER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {tKey(`serverStatus.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-type">{text('filters.type')}</label>
          <select id="filter-type" value={query.type ?? ''} onChange={(event) => set({ type: chosen(event) })}>
            <option value="">{text('filters.any')}</option>
            {REQUEST_TYPES.map((type) => (
              <option key={type} value={type}>
                {tKey(`type.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-age">{text('filters.age')}</label>
          <select id="filter-age" value={query.age ?? ''} onChange={(event) => set({ age: chosen(event) as AgeBucket | undefined })}>
            <option value="">{text('filters.any')}</option>
            {AGE_BUCKETS.map((bucket) => (
              <option key={bucket.id} value={bucket.id}>
                {textKey(`age.${bucket.id}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-mobile">{text('filters.mobile')}</label>
          <select id="filter-mobile" value={query.mobile ?? ''} onChange={(event) => set({ mobile: chosen(event) as BacklogQuery['mobile'] })}>
            <option value="">{text('filters.any')}</option>
            <option value="verified">{text('mobile.verified')}</option>
            <option value="unverified">{text('mobile.unverified')}</option>
          </select>
        </div>
        {offices ? (
          <div class="field">
            <label for="filter-office">{text('filters.office')}</label>
            <select id="filter-office" value={query.office ?? ''} onChange={(event) => set({ office: chosen(event) })}>
              <option value="">{text('filters.any')}</option>
              {offices.map((office) => (
                <option key={office} value={office}>
                  {office}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field field--checkbox office-filters__breached">
          <input id="filter-breached" type="checkbox" checked={query.breached === true} onChange={(event) => set({ breached: (event.currentTarget as HTMLInputElement).checked ? true : undefined })} />
          <label for="filter-breached">{text('filters.breached')}</label>
        </div>
      </fieldset>
      {hasFilters(query) ? (
        <button type="button" class="link-button" onClick={() => onChange({ page: 1 })}>
          {text('filters.clear')}
        </button>
      ) : null}
    </div>
  );
}
