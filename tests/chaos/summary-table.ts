import type { ChaosVerdict } from './verdict';

/** The verdicts as the Markdown table the README shows. */
export function formatTable(verdicts: ChaosVerdict[]): string {
  const header = '| runner | database | seed | captured | on server | lost | duplicated | altered | documents missing | needs attention | receipts verified | drain s | server kills | proxy faults |';
  const rule = `|${header.split('|').slice(1, -1).map(() => '---').join('|')}|`;
  const rows = verdicts.map((verdict) => {
    const faults = Object.entries(verdict.faults)
      .filter(([kind]) => !['none', 'restoresFromBackup', 'offlineSpells', 'pageReloads'].includes(kind) && !kind.startsWith('serverKills'))
      .reduce((sum, [, count]) => sum + count, 0);
    return `| ${verdict.runner === 'sahej' ? 'Sahej' : 'Workbox BackgroundSync'} | ${verdict.database}${verdict.processes ? `, ${verdict.processes} processes` : ''} | ${verdict.seed} | ${verdict.captured} | ${verdict.onServer} | ${verdict.lost} | ${verdict.duplicated} | ${verdict.altered} | ${verdict.documentsMissing} | ${verdict.needsAttention} | ${verdict.receiptsVerified ?? '—'} | ${verdict.drainSeconds?.toFixed(0) ?? 'not done'} | ${verdict.faults.serverKills ?? 0}${verdict.processes ? ` (${[...Array(verdict.processes).keys()].map((index) => verdict.faults[`serverKillsProcess${index + 1}`] ?? 0).join(' + ')})` : ''} | ${faults} |`;
  });
  return [header, rule, ...rows].join('\n');
}
