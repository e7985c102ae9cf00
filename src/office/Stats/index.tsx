import { useOfficeText } from '../use-office-text';
import type { BacklogStats } from '../office-api';
import type { Loaded } from '../session';
import { BacklogChart } from './BacklogChart';
import { StatsTable } from './StatsTable';
import { StatTiles } from './StatTiles';

export function StatsPanel({ stats, office }: { stats: Loaded<BacklogStats>; office: string | undefined }) {
  const { t, text, errorText } = useOfficeText();
  const value = stats.value;
  return (
    <section class="office-stats" aria-labelledby="stats-title" data-testid="stats">
      <h2 id="stats-title">
        {text('stats.title')}
        {value ? <span class="office-stats__total"> · {text('stats.total', { n: value.total })}</span> : null}
      </h2>
      {value ? (
        // Filings still on devices are worth the picture even before the server has any.
        value.total || value.onDevices ? (
          <div class="office-stats__body">
            <div class="office-stats__chart">
              <h3>{text('stats.chart')}</h3>
              <BacklogChart stats={value} />
              <StatsTable stats={value} />
            </div>
            <StatTiles stats={value} office={office} />
          </div>
        ) : (
          <p class="notice">{text('stats.empty')}</p>
        )
      ) : stats.error ? (
        <p class="office-error" role="alert">
          {errorText(stats.error.code)}
        </p>
      ) : (
        <p class="loading">{t('common.loading')}</p>
      )}
    </section>
  );
}
