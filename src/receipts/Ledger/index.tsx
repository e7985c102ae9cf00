import { useEffect, useState } from 'preact/hooks';
import { indiaDay, isCalendarDate } from '../../domain/dates';
import { DayFirstInput } from '../../ui/fields/DayFirstInput';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { loadDevice } from '../../store/device';
import { dayReport } from '../../store/ledger';
import { printReceipt } from '../print';
import { formatMoney, formatNumber, formatTime } from '../../domain/format-dates';

interface OfficeTotals {
  count: number;
  cash: number;
  upi: number;
}

/** The day-end report: what each operator took, in cash and by UPI, beside what the office has on record. */
export function Ledger() {
  const { api, db } = useApp();
  const { t, lang } = useI18n();
  const [day, setDay] = useState(() => indiaDay(Date.now()));
  const report = useLiveQuery(() => dayReport(db, day), [day]);
  const [office, setOffice] = useState<OfficeTotals | null | undefined>();

  useEffect(() => {
    setOffice(undefined);
    void (async () => {
      const device = await loadDevice(db);
      if (!device) return;
      const body = await api.ledger(day, device.token);
      if (!body) return setOffice(null);
      const mine = body.operators.filter((operator) => operator.deviceId === device.deviceId);
      setOffice(mine.reduce((sum, operator) => ({ count: sum.count + operator.count, cash: sum.cash + operator.cash, upi: sum.upi + operator.upi }), { count: 0, cash: 0, upi: 0 }));
    })();
  }, [day]);

  return (
    <main class="ledger" data-testid="ledger">
      <h1>{t('ledger.title')}</h1>
      <div class="field">
        <label for="ledger-day">{t('ledger.day')}</label>
        <p class="field__hint" id="ledger-day-format">
          {t('dateInput.format')}
        </p>
        <DayFirstInput id="ledger-day" aria-describedby="ledger-day-format" value={day} onValue={(value) => isCalendarDate(value) && setDay(value)} />
      </div>
      {report ? (
        <>
          <table class="ledger__table">
            <thead>
              <tr>
                <th scope="col">{t('ledger.operator')}</th>
                <th scope="col">{t('ledger.count')}</th>
                <th scope="col">{t('ledger.cash')}</th>
                <th scope="col">{t('ledger.upi')}</th>
              </tr>
            </thead>
            <tbody>
              {report.operators.map((operator) => (
                <tr key={operator.operatorId}>
                  <th scope="row">{operator.operatorId}</th>
                  <td>{operator.count}</td>
                  <td>{formatMoney(operator.cash, lang)}</td>
                  <td>{formatMoney(operator.upi, lang)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="ledger-total">
                <th scope="row">{t('ledger.total')}</th>
                <td>{report.total.count}</td>
                <td>{formatMoney(report.total.cash, lang)}</td>
                <td>{formatMoney(report.total.upi, lang)}</td>
              </tr>
            </tfoot>
          </table>
          <h2>{t('ledger.entries')}</h2>
          <ul class="list">
            {report.operators.flatMap((operator) =>
              operator.entries.map((entry) => (
                <li class="list__item ledger__entry" key={entry.filingId}>
                  <span class="list__main">{entry.receiptNo}</span>
                  <span class="list__meta">
                    {formatMoney(entry.amount, lang)} · {entry.mode === 'upi' ? `${t('feeMode.upi')} ${entry.upiRef ?? ''}`.trim() : t('feeMode.cash')} · {formatTime(entry.at, lang)}
                  </span>
                </li>
              )),
            )}
          </ul>
        </>
      ) : null}
      <p data-testid="ledger-office" data-state={office === undefined ? 'loading' : office === null ? 'unreachable' : 'ready'}>
        {office === undefined
          ? t('common.loading')
          : office === null
            ? t('ledger.officeUnreachable')
            : t('ledger.office', { count: formatNumber(office.count, lang), cash: formatNumber(office.cash, lang), upi: formatNumber(office.upi, lang) })}
      </p>
      <button type="button" class="button" onClick={() => printReceipt('a4')}>
        {t('ledger.print')}
      </button>
    </main>
  );
}
