import type { Database } from '../db/open';
import { DatabaseDocumentStore } from './database-document-store';
import type { DocumentStore } from './document-store';
import { FileDocumentStore } from './file-document-store';

export type DocumentStoreKind = 'file' | 'database';

/**
 * `DOCUMENT_STORE`: `database` (PostgreSQL's default: the documents travel with the
 * database, and every server process shares them) or `file` (SQLite's default and only
 * choice: a directory beside the database file; on PostgreSQL only for a deployment that
 * keeps a directory every process sees).
 */
export function documentStoreKind(value: string | undefined, dialect: Database['dialect']): DocumentStoreKind {
  if (value === undefined || value === '') return dialect === 'postgres' ? 'database' : 'file';
  if (value !== 'file' && value !== 'database') throw new Error(`DOCUMENT_STORE must be "file" or "database", not "${value}"`);
  if (value === 'database' && dialect !== 'postgres') throw new Error('DOCUMENT_STORE=database needs a PostgreSQL DATABASE_URL; SQLite keeps documents in DOCUMENTS_DIR');
  return value;
}

export function openDocumentStore(database: Database, config: { documentStore: string | undefined; documentsDir: string }): DocumentStore {
  return documentStoreKind(config.documentStore, database.dialect) === 'database' ? new DatabaseDocumentStore(database.db) : new FileDocumentStore(config.documentsDir);
}
