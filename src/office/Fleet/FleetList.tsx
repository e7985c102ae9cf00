import { linkTo } from '../../ui/router';
import { useOfficeText } from '../use-office-text';
import { fleetCsvUrl, type FleetPage } from '../office-api';
import type { Loaded } from '../session';
import { FleetPager } from './FleetPager';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';
import { fleetPath, type FleetQuery } from './fleet-query';

/** The CSV's query: the screen's office and limit, the limit always written so the file says what "flagged" meant. */
function csvQuery(query: FleetQuery): string {
  const params = new URLSearchParams();
  if (query.office) params.set('office', query.office);
  params.set('silentDays', String(query.silentDays));
  return params.toString();
}

/** One page of the fleet as the server ranks it, with its totals, paging and CSV; or why there is none. */
export function FleetList({ fleet, query, showOffice }: { fleet: Loaded<FleetPage>; query: FleetQuery; showOffice: boolean }) {
  const { t, text, errorText } = useOfficeText();
  const page = fleet.value;
  const error = fleet.error ? (
    <div class="fleet-error" data-testid="fleet-error" data-code={fleet.error.code}>
      <p class="office-error" role="alert">
        {errorText(fleet.error.code)}
      </p>
      <button type="button" class="button" onClick={fleet.reload}>
        {text('common.retry')}
      </button>
    </div>
  ) : null;
  if (!page) return error ?? <p class="loading">{t('common.loading')}</p>;

  const from = page.total ? (page.page - 1) * page.pageSize + 1 : 0;
  const to = Math.min(page.total, (page.page - 1) * page.pageSize + page.devices.length);
  return (
    <div class="office-list fleet" aria-busy={fleet.loading} data-testid="fleet" data-silent-days={page.silentDays}>
      <div class="office-list__head">
        <p class="office-list__count" role="status" data-testid="fleet-total" data-total={page.total}>
          {text('fleet.count', { total: page.total })}
          {page.total > page.devices.length && page.devices.length ? ` · ${text('list.range', { from, to, total: page.total })}` : ''}
        </p>
        <a class="button office-csv" href={fleetCsvUrl(csvQuery(query))} download data-testid="fleet-csv-link">
          {text('fleet.csv')}
        </a>
      </div>
      {error}
      {page.total ? <FleetSummary page={page} /> : null}
      {page.devices.length ? (
        <FleetTable devices={page.devices} showOffice={showOffice} />
      ) : page.total ? (
        <p class="notice" data-testid="fleet-past-end">
          {text('fleet.pastEnd')} <a {...linkTo({ name: 'office', path: fleetPath({ ...query, page: 1 }) })}>{text('fleet.firstPage')}</a>
        </p>
      ) : (
        <p class="notice" data-testid="fleet-empty">
          {text('fleet.empty')}
        </p>
      )}
      <FleetPager page={page} query={query} />
    </div>
  );
}
