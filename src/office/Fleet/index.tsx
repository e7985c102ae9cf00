import { navigate } from '../../ui/router';
import { useOfficeText } from '../use-office-text';
import { officeApi } from '../office-api';
import { useOfficeLoad, useSession } from '../session';
import { FleetControls } from './FleetControls';
import { FleetList } from './FleetList';
import { fleetPath, fleetQueryString, readFleetQuery, type FleetQuery } from './fleet-query';

/**
 * The office's devices, worst first: what each still holds that the server has not got,
 * when it last reported, and whether it has refilled the server after a restore. The
 * office is the officer's own (the server enforces it); an admin may pick one.
 */
export function Fleet({ search }: { search: string }) {
  const { text } = useOfficeText();
  const { user } = useSession();
  const query = readFleetQuery(search);
  const listQuery = fleetQueryString(query);
  const isAdmin = user.role === 'admin';

  const fleet = useOfficeLoad(() => officeApi.fleet(listQuery), [listQuery]);
  const offices = useOfficeLoad(() => (isAdmin ? officeApi.offices() : Promise.resolve({ ok: true as const, value: { offices: [] } })), [isAdmin]);

  // Replacing, not pushing, as the backlog's filters do: "back" leaves the screen rather than stepping through settings.
  const show = (next: FleetQuery) => navigate({ name: 'office', path: fleetPath(next) }, { replace: true });

  return (
    <>
      <h1>{text('fleet.title')}</h1>
      <p class="fleet-intro">{text('fleet.intro')}</p>
      <FleetControls query={query} offices={isAdmin ? (offices.value?.offices ?? []) : undefined} busy={fleet.loading} onChange={(next) => show({ ...next, page: 1 })} onRefresh={fleet.reload} />
      <FleetList fleet={fleet} query={query} showOffice={isAdmin && !query.office} />
    </>
  );
}
