import { useOfficeText } from '../use-office-text';
import type { FleetPage } from '../office-api';

/** The whole fleet's totals (every page), so a flagged device on page 3 is not missed. */
export function FleetSummary({ page }: { page: FleetPage }) {
  const { text } = useOfficeText();
  const { summary } = page;
  const items = [
    { id: 'unsent', label: text('fleet.summary.unsent', { n: summary.unsent }), alarm: false },
    { id: 'attention', label: text('fleet.summary.attention', { n: summary.attention }), alarm: false },
    { id: 'flagged', label: text('fleet.summary.flagged', { n: summary.flagged, days: page.silentDays }), alarm: summary.flagged > 0 },
    { id: 'refill', label: text('fleet.summary.refill', { n: summary.refillPending }), alarm: false },
  ];
  return (
    <section class="fleet-summary" aria-labelledby="fleet-summary-title">
      <h2 id="fleet-summary-title" class="visually-hidden">
        {text('fleet.summaryTitle')}
      </h2>
      <ul>
        {items.map((item) => (
          <li key={item.id} class={item.alarm ? 'fleet-summary__alarm' : undefined} data-testid={`fleet-summary-${item.id}`}>
            {item.alarm ? <span aria-hidden="true">⚠ </span> : null}
            {item.label}
          </li>
        ))}
      </ul>
    </section>
  );
}
