import { useState } from 'preact/hooks';
import { loadDevice } from '../../store/device';
import { discardDraft, listDrafts } from '../../store/drafts';
import { PAGE_SIZE, searchFilings } from '../../store/search';
import { nameWords } from '../../store/search-keys';
import type { Draft } from '../../store/types';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useI18n } from '../../ui/i18n-context';
import { linkTo, navigate } from '../../ui/router';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { DraftRow } from './DraftRow';
import { FilingRow } from './FilingRow';

function draftMatches(draft: Draft, query: string): boolean {
  const words = nameWords(query);
  const own = nameWords(draft.name);
  const mobile = Object.entries(draft.values).find(([path]) => path.endsWith('.mobile'))?.[1];
  return (
    words.every((word) => own.some((candidate) => candidate.startsWith(word))) ||
    (typeof mobile === 'string' && /\d{3,}/.test(query) && mobile.replace(/\D/g, '').includes(query.replace(/\D/g, '')))
  );
}

export function Home() {
  const { db } = useApp();
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [discarding, setDiscarding] = useState<Draft | undefined>();
  const drafts = useLiveQuery(() => listDrafts(db), []);
  const device = useLiveQuery(() => loadDevice(db), []);
  // The answer carries the query it answers, so the list says which search it shows.
  const found = useLiveQuery(async () => ({ query, filings: await searchFilings(db, query, limit) }), [query, limit]);
  const filings = found?.filings;
  const shownDrafts = (drafts ?? []).filter((draft) => !query.trim() || draftMatches(draft, query));

  return (
    <main class="home">
      <button type="button" class="button button--primary" onClick={() => navigate({ name: 'new' })}>
        {t('home.newApplication')}
      </button>
      {device ? (
        <p class="home__device" data-testid="home-device">
          {t('home.device', { office: device.office, device: device.deviceCode, operator: device.operatorId })}
        </p>
      ) : null}
      <p class="home__links">
        <a {...linkTo({ name: 'ledger' })}>{t('home.ledger')}</a>
      </p>
      <div class="field search">
        <label for="search">{t('home.search')}</label>
        <input
          id="search"
          type="search"
          value={query}
          placeholder={t('home.search.placeholder')}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setLimit(PAGE_SIZE);
          }}
        />
      </div>
      {shownDrafts.length ? (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t('home.drafts')}</h2>
          <ul class="list">
            {shownDrafts.map((draft) => (
              <DraftRow key={draft.id} draft={draft} onDiscard={setDiscarding} />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="filings-heading">
        <h2 id="filings-heading">{t('home.filings')}</h2>
        {filings?.length ? (
          <>
            <ul class="list" data-testid="filings" data-query={found?.query}>
              {filings.map((filing) => (
                <FilingRow key={filing.id} filing={filing} />
              ))}
            </ul>
            {filings.length >= limit ? (
              <button type="button" class="button" onClick={() => setLimit(limit + PAGE_SIZE)}>
                {t('home.more')}
              </button>
            ) : null}
          </>
        ) : (
          <p data-testid="no-filings" data-query={found?.query}>
            {query.trim() ? t('home.noMatches') : t('home.noFilings')}
          </p>
        )}
      </section>
      <ConfirmDialog
        open={discarding !== undefined}
        message={t('draft.discardConfirm')}
        confirmLabel={t('draft.discard')}
        onCancel={() => setDiscarding(undefined)}
        onConfirm={async () => {
          const draft = discarding;
          setDiscarding(undefined);
          if (draft) await discardDraft(db, draft.id);
        }}
      />
    </main>
  );
}
