import type { JSX } from 'preact';
import { useOfficeText } from './use-office-text';

/**
 * Previous and next as links (the page is in the address), shown only when there is more
 * than one page; the backlog and the fleet list both page this way.
 */
export function Pager({ page, total, pageSize, link, testId }: { page: number; total: number; pageSize: number; link: (page: number) => JSX.HTMLAttributes<HTMLAnchorElement>; testId?: string }) {
  const { text } = useOfficeText();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages < 2) return null;
  return (
    <nav class="office-pager" aria-label={text('list.page', { page, pages })} data-testid={testId}>
      {page > 1 ? (
        <a class="button" rel="prev" {...link(Math.min(page - 1, pages))}>
          {text('list.previous')}
        </a>
      ) : null}
      <span>{text('list.page', { page, pages })}</span>
      {page < pages ? (
        <a class="button" rel="next" {...link(page + 1)}>
          {text('list.next')}
        </a>
      ) : null}
    </nav>
  );
}
