import type { DataSource } from 'typeorm';

/**
 * Undoes a subgraph's migrations, newest first, down to and including the one stamped
 * `timestamp`, whatever has been added after it since the test was written.
 */
export async function undoMigrationsFrom(
  dataSource: DataSource,
  schema: string,
  timestamp: number,
): Promise<void> {
  for (;;) {
    const [last] = await dataSource.query(
      `/* lastMigration */ SELECT timestamp::bigint AS ts FROM "${schema}".migrations ORDER BY timestamp DESC LIMIT 1`,
    );
    if (!last || Number(last.ts) < timestamp) return;
    await dataSource.undoLastMigration({ transaction: 'each' });
  }
}
