import { linkTo } from '../../ui/router';
import { backlogPath, backlogQueryString, type BacklogQuery } from '../backlog-query';
import { useOfficeText } from '../use-office-text';
import { csvUrl, type BacklogPage } from '../office-api';
import type { Loaded } from '../session';
import { Pager } from '../Pager';
import { BacklogRow } from './BacklogRow';

/** One page of the list (50, oldest first, as the server sends them), its paging and its CSV. */
export function BacklogList({ list, query }: { list: Loaded<BacklogPage>; query: BacklogQuery }) {
  const { t, text, errorText, lang } = useOfficeText();
  const page = list.value;
  const csv = (
    <a class="button office-csv" href={csvUrl(backlogQueryString(query, { page: false }), lang)} download data-testid="csv-link">
      {text('list.csv')}
    </a>
  );
  if (list.error && !page) {
    return (
      <p class="office-error" role="alert">
        {errorText(list.error.code)}
      </p>
    );
  }
  if (!page) return <p class="loading">{t('common.loading')}</p>;
  const from = page.total ? (page.page - 1) * page.pageSize + 1 : 0;
  const to = Math.min(page.total, page.page * page.pageSize);
  const pageLink = (number: number) => linkTo({ name: 'office', path: backlogPath({ ...query, page: number }) });

  return (
    <div class="office-list" aria-busy={list.loading}>
      <div class="office-list__head">
        <p class="office-list__count" role="status" data-testid="backlog-total" data-total={page.total}>
          {text('list.count', { total: page.total })}
          {page.total > page.items.length ? ` · ${text('list.range', { from, to, total: page.total })}` : ''}
        </p>
        {csv}
      </div>
      {list.error ? (
        <p class="office-error" role="alert">
          {errorText(list.error.code)}
        </p>
      ) : null}
      {page.items.length ? (
        <ul class="list" data-testid="backlog">
          {page.items.map((item) => (
            <BacklogRow key={item.id} item={item} />
          ))}
        </ul>
      ) : (
        <p class="notice" data-testid="backlog-empty">
          {text('list.empty')}
        </p>
      )}
      <Pager page={page.page} total={page.total} pageSize={page.pageSize} link={pageLink} />
    </div>
  );
}
