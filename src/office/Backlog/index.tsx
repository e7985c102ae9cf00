import { navigate } from '../../ui/router';
import { backlogPath, backlogQueryString, readBacklogQuery, rememberBacklogPath, type BacklogQuery } from '../backlog-query';
import { useOfficeText } from '../use-office-text';
import { officeApi } from '../office-api';
import { useOfficeLoad, useSession } from '../session';
import { StatsPanel } from '../Stats';
import { BacklogFilters } from './BacklogFilters';
import { BacklogList } from './BacklogList';

/** The console's first page: the backlog in pictures, then the list with its filters. */
export function Backlog({ search }: { search: string }) {
  const { text } = useOfficeText();
  const { user } = useSession();
  const query = readBacklogQuery(search);
  const listQuery = backlogQueryString(query);
  rememberBacklogPath(backlogPath(query));

  const list = useOfficeLoad(() => officeApi.applications(listQuery), [listQuery]);
  const stats = useOfficeLoad(() => officeApi.stats(query.office), [query.office]);
  const offices = useOfficeLoad(() => (user.role === 'admin' ? officeApi.offices() : Promise.resolve({ ok: true as const, value: { offices: [] } })), [user.role]);

  // Replacing, not pushing: "back" from a detail page returns to the list as last filtered.
  const show = (next: BacklogQuery) => navigate({ name: 'office', path: backlogPath(next) }, { replace: true });

  return (
    <>
      <h1>{text('console.title')}</h1>
      <StatsPanel stats={stats} office={query.office} />
      <section aria-labelledby="backlog-title">
        <h2 id="backlog-title">{text('list.title')}</h2>
        <BacklogFilters query={query} offices={user.role === 'admin' ? (offices.value?.offices ?? []) : undefined} onChange={(next) => show({ ...next, page: 1 })} />
        <BacklogList list={list} query={query} />
      </section>
    </>
  );
}
