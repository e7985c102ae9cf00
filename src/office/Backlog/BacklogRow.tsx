import { linkTo } from '../../ui/router';
import type { BacklogItem } from '../office-api';
import { useOfficeText } from '../use-office-text';
import { ClockText } from '../ClockText';

export function BacklogRow({ item }: { item: BacklogItem }) {
  const { text, tKey } = useOfficeText();
  return (
    <li
      class={`list__item office-row${item.breached ? ' office-row--breached' : ''}`}
      data-testid="backlog-row"
      data-id={item.id}
      data-application-no={item.applicationNo}
      data-status={item.status}
      data-breached={String(item.breached)}
    >
      <a {...linkTo({ name: 'office', path: `/office/applications/${item.id}` })}>
        <span class="list__main">
          <span class="office-row__no">{item.applicationNo}</span> <span class="office-row__name">{item.applicantName}</span>
        </span>
        <span class="list__meta">{tKey(`type.${item.type}`)}</span>
        <span class="badge office-status" data-status={item.status}>
          {tKey(`serverStatus.${item.status}`)}
        </span>
        <span class="list__meta">{text('row.age', { n: item.ageDays })}</span>
        <ClockText daysLeft={item.daysLeft} breached={item.breached} />
        <span class={`list__meta office-mobile office-mobile--${item.mobileVerified ? 'verified' : 'unverified'}`}>
          {item.mobileVerified ? `✓ ${text('row.mobileVerified')}` : text('row.mobileUnverified')}
        </span>
      </a>
    </li>
  );
}
