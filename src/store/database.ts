import Dexie, { type EntityTable, type Table } from 'dexie';
import { flattenLegacyDraftValues } from './legacy-drafts';
import { searchKeys } from './search-keys';
import { ledgerEntryAtVersion4 } from './upgrades/v4-ledger';
import { oneOutboxAtVersion6 } from './upgrades/v6-one-outbox';
import type { AdditionRecord, Draft, Filing, LedgerEntry, MetaRecord, OutboxEntry, SavedReceipt, SeenStatus, StoredDocument, UploadRecord } from './types';

export class SahejDatabase extends Dexie {
  meta!: Table<MetaRecord, string>;
  drafts!: EntityTable<Draft, 'id'>;
  filings!: EntityTable<Filing, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  documents!: Table<StoredDocument, [string, string, string]>;
  uploads!: EntityTable<UploadRecord, 'key'>;
  ledger!: EntityTable<LedgerEntry, 'filingId'>;
  savedReceipts!: EntityTable<SavedReceipt, 'receiptNo'>;
  additions!: EntityTable<AdditionRecord, 'id'>;
  seenStatuses!: EntityTable<SeenStatus, 'receiptNo'>;

  constructor(name = 'sahej') {
    // 'strict': a transaction completes only once it is flushed to disk. A receipt shown
    // for a filing that a power cut then takes away would be the failure Sahej exists to prevent.
    super(name, { chromeTransactionDurability: 'strict' });
    // Never edit a shipped version: add the next one, with an upgrade for existing rows.
    this.version(1).stores({
      meta: 'key',
      drafts: 'id, updatedAt',
      filings: 'id, receiptNo, state, capturedAt',
      outbox: '++seq, filingId',
    });
    // 2: documents, and search keys on filings (name words, mobile).
    this.version(2)
      .stores({
        filings: 'id, receiptNo, state, capturedAt, mobile, *nameWords',
        // The same bytes may serve as two kinds (one scan as ID and as ownership proof).
        documents: '[ownerId+kind+sha256], ownerId',
      })
      .upgrade(async (tx) => {
        await tx
          .table('filings')
          .toCollection()
          .modify((filing: Filing) => Object.assign(filing, searchKeys(filing.envelope)));
        await tx
          .table('drafts')
          .toCollection()
          .modify((draft: Draft & { section?: string }) => {
            draft.values = flattenLegacyDraftValues(draft.values);
            // Version 1's form sections became steps; survey dates and consent moved in with neighbours.
            const section = draft.section === 'survey' ? 'connection' : draft.section === 'consent' ? 'fee' : draft.section;
            draft.step = draft.step ?? section ?? 'applicant';
            draft.name = typeof draft.values['applicant.name'] === 'string' ? draft.values['applicant.name'] : '';
            delete draft.section;
          });
      });
    // 3: resumable upload addresses (tus), so a document cut half-way resumes after a reload.
    this.version(3).stores({ uploads: '++key, fingerprint' });
    // 4: the kiosk's fee ledger, and receipts an applicant saved on their phone.
    this.version(4)
      .stores({ ledger: 'filingId, day, [day+operatorId]', savedReceipts: 'receiptNo, savedAt' })
      .upgrade(async (tx) => {
        // Filings taken before the ledger existed get their entries from their own fee.
        const filings: Filing[] = await tx.table('filings').toArray();
        await tx.table('ledger').bulkPut(filings.flatMap(ledgerEntryAtVersion4));
      });
    // 5: what the kiosk adds to a filing later (an objection's answer), sent like a filing.
    this.version(5).stores({ additions: 'id, filingId, state' });
    // 6: one outbox for filings and additions, its entries named by kind and id.
    this.version(6).stores({ outbox: '++seq, [kind+id]' }).upgrade(oneOutboxAtVersion6);
    // 7: the office's last answer per receipt, for the applicant's page offline. A table of its
    // own, not a column of savedReceipts: a status link (/s/) and an unsaved /r/ visit have no
    // saved row, and the answer is replaced on every visit while a saved receipt never changes.
    // New and empty, so nothing to upgrade.
    this.version(7).stores({ seenStatuses: 'receiptNo' });
  }
}
