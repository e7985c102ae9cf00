import { linkTo } from '../../ui/router';
import type { FleetPage } from '../office-api';
import { Pager } from '../Pager';
import { fleetPath, type FleetQuery } from './fleet-query';

export function FleetPager({ page, query }: { page: FleetPage; query: FleetQuery }) {
  return <Pager page={page.page} total={page.total} pageSize={page.pageSize} link={(number) => linkTo({ name: 'office', path: fleetPath({ ...query, page: number }) })} testId="fleet-pager" />;
}
