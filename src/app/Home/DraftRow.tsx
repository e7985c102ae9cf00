import type { Draft } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';
import { linkTo } from '../../ui/router';
import { formatDateTime } from '../../domain/format-dates';

export function DraftRow({ draft, onDiscard }: { draft: Draft; onDiscard(draft: Draft): void }) {
  const { t, tKey, lang } = useI18n();
  // A request for an existing connection may have its account number before any name.
  const account = draft.values['account.accountNo'];
  const name = draft.name || (typeof account === 'string' && account.trim() ? t('home.draftAccount', { no: account.trim() }) : t('home.unnamedDraft'));
  return (
    <li class="list__item list__item--draft" data-testid="draft" data-draft-id={draft.id}>
      <a {...linkTo({ name: 'draft', type: draft.type, id: draft.id })}>
        <span class="list__main">{name}</span>
        <span class="list__meta">{tKey(`type.${draft.type}`)}</span>
        <span class="list__action">{t('draft.resume')}</span>
        <span class="list__meta">{formatDateTime(draft.updatedAt, lang)}</span>
      </a>
      <button type="button" class="button button--small" onClick={() => onDiscard(draft)}>
        {t('draft.discard')}
        <span class="visually-hidden"> {name}</span>
      </button>
    </li>
  );
}
