import type { Filing } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';
import { linkTo } from '../../ui/router';

export function FilingRow({ filing }: { filing: Filing }) {
  const { t, tKey, errorText } = useI18n();
  const problem = filing.problem;
  return (
    <li class="list__item" data-testid="filing" data-filing-id={filing.id} data-state={filing.state}>
      <a {...linkTo({ name: 'filing', id: filing.id })}>
        <span class="list__main">{filing.name}</span>
        <span class="list__meta">{tKey(`type.${filing.type}`)}</span>
        <span class="list__meta">{filing.receiptNo}</span>
        <span class={`badge badge--${filing.state}`}>{tKey(`state.${filing.state}`)}</span>
        {filing.serverStatus === 'objection' ? (
          <span class="badge badge--objection" data-testid="objection-flag">
            {t('home.objectionFlag')}
          </span>
        ) : null}
        {filing.applicationNo ? <span class="list__meta">{t('filing.applicationNo', { no: filing.applicationNo })}</span> : null}
        {filing.serverStatus ? (
          <span class="list__meta" data-testid="server-status" data-status={filing.serverStatus}>
            {tKey(`serverStatus.${filing.serverStatus}`)}
          </span>
        ) : null}
        {filing.documentsMissing?.length && filing.state !== 'received' ? (
          <span class="list__meta">{t('filing.documentsPending', { n: filing.documentsMissing.length })}</span>
        ) : null}
        {filing.state === 'attention' && problem ? <span class="list__problem">{errorText(problem.code)}</span> : null}
      </a>
    </li>
  );
}
