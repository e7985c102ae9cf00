import { expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { phoneticKey } from '../../../src/domain/phonetic-key';
import { migrateTo } from '../../../server/db/migrate';
import { searchMatches } from '../../../server/services/backlog';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, insertAll, officeWithDevices } from './old-rows';

const COLUMNS = ['office_code', 'applicant_name_key', 'applicant_name', 'applicant_mobile', 'application_no', 'receipt_no', 'received_at', 'id'];

describeEachDatabase('0044-index-applications-name-key', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds the search index, on the columns the search reads, and leaves every row as it was', async () => {
    const { test, db } = await openAt('0043-add-applications-survey-and-estimate');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const names = ['सुनीता देवी', 'Sunita Sharma', 'श्याम'];
    await insertAll(
      db,
      'applications',
      names.map((name, index) => applicationRow(index + 1, sampleEnvelope({ name }), { applicant_name: name.toLowerCase(), applicant_mobile: '9876543210', applicant_name_key: phoneticKey(name) })),
    );
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0044-index-applications-name-key')).toEqual(['0044-index-applications-name-key']);
    expect(await allApplications(db)).toEqual(before);
    if (dialect === 'sqlite') {
      const { rows } = await sql<{ name: string }>`select name from pragma_index_info('applications_office_name_key') order by seqno`.execute(db);
      expect(rows.map((row) => row.name)).toEqual(COLUMNS);
    } else {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'applications_office_name_key'`.execute(db);
      expect(rows).toHaveLength(1);
      expect(/\((.*)\)/.exec(rows[0]!.indexdef)![1]!.split(', ')).toEqual(COLUMNS);
    }
  });

  // The plan of a table this small says nothing on PostgreSQL (it scans the table, rightly);
  // SQLite's planner takes the covering index at any size, so a change to the search that
  // reads a column the index lacks, and so every row of the office, shows up here.
  if (dialect === 'sqlite') {
    it("the search's ranking pass reads the index alone, never the table's rows", async () => {
      const { test, db } = await openAt('0044-index-applications-name-key');
      const query = searchMatches(test.database.db, { office: 'LKO1', q: 'sunita' }, 'sunita', 1, new Date('2026-11-02T05:00:00Z')).compile();
      const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      expect(rows.map((row) => row.detail)).toContainEqual(expect.stringMatching(/^SEARCH applications USING COVERING INDEX applications_office_name_key \(office_code=\?\)$/));
    });
  }
});
