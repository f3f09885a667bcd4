import type { DataSource, Logger } from 'typeorm';

/**
 * Counts the SQL statements `work` sends through a data source, optionally only those
 * matching `filter` (background consumers share the data source and would otherwise add noise).
 */
export async function countQueries(
  dataSource: DataSource,
  work: () => Promise<unknown>,
  filter: (sql: string) => boolean = () => true,
): Promise<number> {
  let count = 0;
  const original = dataSource.logger;
  const counting: Logger = {
    logQuery: (sql) => {
      if (filter(sql)) count++;
    },
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  Object.defineProperty(dataSource, 'logger', { value: counting, configurable: true });
  try {
    await work();
  } finally {
    Object.defineProperty(dataSource, 'logger', { value: original, configurable: true });
  }
  return count;
}
