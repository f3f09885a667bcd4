import 'reflect-metadata';
import { DataSource, type EntityManager, type MixedList } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';

export interface SubgraphDataSourceOptions {
  url: string;
  /** The Postgres schema this subgraph owns; its tables and migrations table live there. */
  schema: string;
  // biome-ignore lint/complexity/noBannedTypes: TypeORM takes entity classes as Function
  entities: MixedList<Function>;
  // biome-ignore lint/complexity/noBannedTypes: TypeORM takes migration classes as Function
  migrations: MixedList<Function>;
  poolSize?: number;
  applicationName?: string;
  /** Server-side limits set on every pooled connection; unset means Postgres's own (none). */
  timeouts?: SessionTimeouts;
}

export interface SessionTimeouts {
  /** Postgres cancels a statement running longer (SQLSTATE 57014). */
  statementTimeoutMs?: number;
  /** Postgres ends a session idle this long inside an open transaction, releasing its locks. */
  idleInTransactionTimeoutMs?: number;
}

export function createSubgraphDataSource(options: SubgraphDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? `cairn-${options.schema}`,
      // node-postgres sends these in the startup packet, so they hold from the first statement.
      statement_timeout: options.timeouts?.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.timeouts?.idleInTransactionTimeoutMs,
    },
  });
}

/**
 * Runs pending migrations. The schema is created first because TypeORM keeps its
 * migrations table inside it and would otherwise fail on a fresh database.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations({ transaction: 'each' });
}

export async function initializeAndMigrate(dataSource: DataSource): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await migrate(dataSource);
  return dataSource;
}

export type Transactional = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;
