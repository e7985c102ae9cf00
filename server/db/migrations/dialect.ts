import { PostgresAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-numbered primary key: bigserial on PostgreSQL, INTEGER PRIMARY KEY AUTOINCREMENT on SQLite. */
export function withSerialKey<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T>, column: string): CreateTableBuilder<T> {
  return isPostgres(db)
    ? table.addColumn(column, 'bigserial', (col: ColumnDefinitionBuilder) => col.primaryKey())
    : table.addColumn(column, 'integer', (col: ColumnDefinitionBuilder) => col.primaryKey().autoIncrement());
}
