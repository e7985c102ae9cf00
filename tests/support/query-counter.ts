import type { KyselyPlugin, RootOperationNode } from 'kysely';

/** Write statements: each one a commit when run alone (on SQLite an fsync the filings wait behind). */
export const isWrite = (node: RootOperationNode) => node.kind === 'UpdateQueryNode' || node.kind === 'InsertQueryNode' || node.kind === 'DeleteQueryNode';

/** A Kysely plugin that counts the statements matching `counts` (use with `db.withPlugin`). */
export function queryCounter(counts: (node: RootOperationNode) => boolean): { plugin: KyselyPlugin; readonly count: number; reset(): void } {
  let count = 0;
  return {
    plugin: {
      transformQuery: ({ node }) => {
        if (counts(node)) count++;
        return node;
      },
      transformResult: async ({ result }) => result,
    },
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
}
