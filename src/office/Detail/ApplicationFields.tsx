import type { Envelope } from '../../domain/envelope';
import { useOfficeText } from '../use-office-text';
import { envelopeFieldGroups } from './envelope-fields';

export function ApplicationFields({ envelope }: { envelope: Envelope }) {
  const i18n = useOfficeText();
  return (
    <section class="office-section" aria-labelledby="fields-title">
      <h2 id="fields-title">{i18n.text('detail.fields')}</h2>
      {envelopeFieldGroups(envelope, i18n).map((group) => (
        <div class="office-fields" key={group.id}>
          <h3>{group.title}</h3>
          <dl class="office-facts">
            {group.rows.map((row) => (
              <div key={row.path} data-path={row.path}>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}
