import { linkTo } from '../../ui/router';
import { useOfficeText } from '../use-office-text';
import type { FleetPage } from '../office-api';
import { fleetPath, type FleetQuery } from './fleet-query';

/** Previous and next as links (the page is in the address), shown only when there is more than one page. */
export function FleetPager({ page, query }: { page: FleetPage; query: FleetQuery }) {
  const { text } = useOfficeText();
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (pages < 2) return null;
  const pageLink = (number: number) => linkTo({ name: 'office', path: fleetPath({ ...query, page: number }) });
  return (
    <nav class="office-pager" aria-label={text('list.page', { page: page.page, pages })} data-testid="fleet-pager">
      {page.page > 1 ? (
        <a class="button" rel="prev" {...pageLink(Math.min(page.page - 1, pages))}>
          {text('list.previous')}
        </a>
      ) : null}
      <span>{text('list.page', { page: page.page, pages })}</span>
      {page.page < pages ? (
        <a class="button" rel="next" {...pageLink(page.page + 1)}>
          {text('list.next')}
        </a>
      ) : null}
    </nav>
  );
}
