import { printSubgraphSchema } from '@apollo/subgraph';
import {
  ConfigError,
  loadConfig,
  type SubgraphConfig,
  type SubgraphName,
  subgraphSchema,
} from '@cairn/config';
import { initializeAndMigrate, type SessionTimeouts, serviceRoleProblems } from '@cairn/database';
import { pollContinuously } from '@cairn/event-log';
import { InternalTokenVerifier } from '@cairn/identity';
import { ServiceMetrics } from '@cairn/service-metrics';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { BaseContext } from './context';
import type { SubgraphRoute } from './http-routes';
import { createLogger } from './logger';
import { QUARANTINE_COMMANDS, runQuarantineCommand } from './quarantine-cli';
import { type BackgroundConsumer, checkReadiness, type HealthCheck } from './readiness';
import { type RunningServer, startSubgraphServer } from './server';
import { registerConsumerMetrics, registerHealthMetrics, registerPoolMetrics } from './subgraph-metrics';

/** What a subgraph contributes; the runtime does the rest the same way for all four. */
export interface SubgraphModule<C extends BaseContext> {
  name: SubgraphName;
  createDataSource(url: string, poolSize?: number, timeouts?: SessionTimeouts): DataSource;
  buildSchema(): Promise<GraphQLSchema>;
  /** Called once at start-up: builds the services the subgraph shares across requests. */
  wire(dataSource: DataSource, config: SubgraphConfig): SubgraphWiring<C>;
}

export interface SubgraphWiring<C extends BaseContext> {
  /** Builds each request's context: the shared services plus a fresh set of DataLoaders. */
  createContext: (base: BaseContext) => C;
  /** Consumers of event logs, kept current in the background and reported on `/readyz`. */
  consumers?: BackgroundConsumer[];
  /**
   * The subgraph's own readiness checks beside the database and consumers (e.g. the search
   * engine). A check that is down answers `degraded`, never 503.
   */
  health?: () => Promise<HealthCheck[]>;
  /** HTTP routes for byte streams beside `/graphql` (the registry's artifact parts and downloads). */
  routes?: SubgraphRoute[];
  /** Periodic housekeeping (cleanups, purges): run on a timer, failures logged, stopped on close. */
  jobs?: PeriodicJob[];
  /** Registers the subgraph's own metrics (e.g. webhook deliveries) beside the kit's. */
  metrics?: (metrics: ServiceMetrics) => void;
  /** Releases what `wire` opened (clients, pools) on shutdown. */
  close?: () => Promise<void>;
}

export interface PeriodicJob {
  name: string;
  intervalMs: number;
  /** Resolves to what the run did, logged at debug (e.g. how many items it removed). */
  run(): Promise<unknown>;
}

/**
 * Runs each job every `intervalMs` (never two runs of one job at once). A failed run is logged
 * and tried again at the next tick: a job that keeps failing shows in the logs, not silently.
 */
export function scheduleJobs(jobs: PeriodicJob[], logger: Logger): { stop(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      if (running.has(job.name)) return;
      const run = job
        .run()
        .then(
          (outcome) => logger.debug({ job: job.name, outcome }, 'periodic job ran'),
          (err) => logger.warn({ err, job: job.name }, 'periodic job failed; it runs again at its next tick'),
        )
        .finally(() => running.delete(job.name));
      running.set(job.name, run);
    }, job.intervalMs);
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}

export interface RunningSubgraph extends RunningServer {
  dataSource: DataSource;
  config: SubgraphConfig;
}

export async function startSubgraph<C extends BaseContext>(
  module: SubgraphModule<C>,
  config: SubgraphConfig,
  options: { logger?: Logger; migrate?: boolean } = {},
): Promise<RunningSubgraph> {
  const logger = options.logger ?? createLogger(module.name, config.LOG_LEVEL);
  if (options.migrate) await migrateSubgraph(module, config);
  const dataSource = module.createDataSource(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  await dataSource.initialize();
  await checkServiceRole(dataSource, config, logger);
  const wiring = module.wire(dataSource, config);
  const consumers = (wiring.consumers ?? []).map((consumer) => ({
    consumer,
    poller: pollContinuously(consumer, {
      intervalMs: config.EVENT_POLL_INTERVAL_MS,
      maxRetryDelayMs: config.EVENT_RETRY_MAX_INTERVAL_MS,
      onError: (err, status) =>
        logger.warn(
          { err, consumer: consumer.name, failures: status.failures, nextRunAt: status.nextRunAt },
          'event consumer failed; backing off',
        ),
    }),
  }));
  const jobs = scheduleJobs(wiring.jobs ?? [], logger);
  let metrics: ServiceMetrics | undefined;
  if (config.METRICS_ENABLED) {
    metrics = new ServiceMetrics(module.name);
    registerPoolMetrics(metrics, dataSource);
    registerConsumerMetrics(metrics, consumers, logger);
    if (wiring.health) registerHealthMetrics(metrics, wiring.health);
    wiring.metrics?.(metrics);
  }
  const server = await startSubgraphServer({
    name: module.name,
    host: config.HOST,
    port: config.PORT,
    schema: await module.buildSchema(),
    dataSource,
    verifier: new InternalTokenVerifier(config.CAIRN_IDENTITY_PUBLIC_KEYS, module.name),
    logger,
    createContext: wiring.createContext,
    routes: wiring.routes,
    metrics,
    metricsToken: config.METRICS_TOKEN,
    readiness: () =>
      checkReadiness({ service: module.name, dataSource, consumers, health: wiring.health, logger }),
  });
  let closing: Promise<void> | undefined;
  return {
    ...server,
    dataSource,
    config,
    // Idempotent: tests and signal handlers may both ask.
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await Promise.all(consumers.map(({ poller }) => poller.stop()));
        await jobs.stop();
        await wiring.close?.();
        await dataSource.destroy();
      })()),
  };
}

/** Runs the migrations as the owner (DATABASE_MIGRATION_URL), on a connection of its own. */
export async function migrateSubgraph(
  module: Pick<SubgraphModule<never>, 'createDataSource'>,
  config: Pick<SubgraphConfig, 'DATABASE_URL' | 'DATABASE_MIGRATION_URL'>,
): Promise<void> {
  const dataSource = await initializeAndMigrate(
    module.createDataSource(config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL, 1),
  );
  await dataSource.destroy();
}

/**
 * Refuses, in production, to serve as a role that could rewrite records (superuser, owner, …);
 * elsewhere it only warns, so a single-URL development database keeps working.
 */
async function checkServiceRole(dataSource: DataSource, config: SubgraphConfig, logger: Logger) {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const problems = await serviceRoleProblems(dataSource, schema);
  if (problems.length === 0) return;
  const advice =
    'DATABASE_URL should name a login that is a member of cairn_service and owns nothing; migrations use DATABASE_MIGRATION_URL';
  if (config.NODE_ENV === 'production') {
    await dataSource.destroy();
    throw new Error(`Refusing to start: ${problems.join('; ')}. ${advice}.`);
  }
  logger.warn({ problems }, `the database role is too powerful for a service. ${advice}`);
}

export async function printSubgraphSdl(module: Pick<SubgraphModule<never>, 'buildSchema'>): Promise<string> {
  return `${printSubgraphSchema(await module.buildSchema()).trim()}\n`;
}

/**
 * `node dist/main.js [serve|migrate|schema|quarantined|replay-quarantined]` for every subgraph.
 */
export async function runSubgraphCli<C extends BaseContext>(module: SubgraphModule<C>): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  let config: SubgraphConfig;
  try {
    config = loadConfig(subgraphSchema(module.name));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(module.name, config.LOG_LEVEL);
  if (command === 'schema') {
    process.stdout.write(await printSubgraphSdl(module));
    return;
  }
  if (command === 'migrate') {
    await migrateSubgraph(module, config);
    logger.info('migrations applied');
    return;
  }
  if ((QUARANTINE_COMMANDS as readonly string[]).includes(command)) {
    process.exit(await runQuarantineCommand(module, config, logger, process.argv.slice(2)));
  }
  if (command !== 'serve') {
    console.error(
      `Unknown command "${command}". Use serve, migrate, schema, quarantined or replay-quarantined.`,
    );
    process.exit(2);
  }
  const running = await startSubgraph(module, config, { logger });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
