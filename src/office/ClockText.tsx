import { useOfficeText } from './use-office-text';

/**
 * The service clock in words. A breached one carries a sign and the word "overdue" as
 * well as its colour, so it stands out in greyscale, to colour-blind eyes and to screen readers.
 */
export function ClockText({ daysLeft, breached }: { daysLeft: number | null; breached: boolean }) {
  const { text } = useOfficeText();
  if (breached) {
    const over = Math.max(0, -(daysLeft ?? 0));
    return (
      <span class="office-clock office-clock--breached" data-testid="clock-breached">
        <span aria-hidden="true">⚠ </span>
        <strong>{text('row.breachedTag')}:</strong> {over ? text('row.breached', { n: over }) : text('row.breachedToday')}
      </span>
    );
  }
  // An empty cell rather than nothing, so the list's columns stay aligned on wide screens.
  if (daysLeft === null) return <span class="list__meta office-clock" />;
  return <span class="list__meta office-clock">{daysLeft > 0 ? text('row.daysLeft', { n: daysLeft }) : text('row.dueToday')}</span>;
}
