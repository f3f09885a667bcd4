import { DEV_IDENTITY_PRIVATE_KEY, subgraphSchema } from '@cairn/config';
import { initializeAndMigrate } from '@cairn/database';
import { INTERNAL_IDENTITY_HEADER, InternalTokenSigner, type Principal } from '@cairn/identity';
import { asLogin } from '@cairn/local-services';
import {
  type BaseContext,
  type RunningSubgraph,
  type SubgraphModule,
  startSubgraph,
} from '@cairn/subgraph-kit';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll } from 'vitest';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** Applies each subgraph's real migrations to a database, e.g. the registry's before a consumer's. */
export async function migrateSubgraphs(
  url: string,
  modules: Pick<SubgraphModule<never>, 'createDataSource'>[],
) {
  for (const module of modules) {
    const dataSource = await initializeAndMigrate(module.createDataSource(url, 2));
    await dataSource.destroy();
  }
}

export interface TestSubgraph extends RunningSubgraph {
  /**
   * The same database as the owner, for what services may not do: DDL, fixtures written
   * straight into tables, a search rebuild. `dataSource` is the service's own connection.
   */
  owner: DataSource;
  /** Sends an operation as `principal`, signed as the gateway would; `null` sends no identity. */
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    principal?: Principal | null,
  ): Promise<GraphQLResponse<T>>;
}

export async function postGraphQL<T>(
  url: string,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as GraphQLResponse<T>;
  return { ...json, status: response.status };
}

/**
 * Starts a subgraph on a free port, stopped after the file. `databaseUrl` is the owner's (a
 * `createTestDatabase().url`): it migrates, and the subgraph serves as the service login.
 */
export async function startTestSubgraph<C extends BaseContext>(
  module: SubgraphModule<C>,
  databaseUrl: string,
  defaultPrincipal?: Principal,
  env: Record<string, string> = {},
): Promise<TestSubgraph> {
  const config = subgraphSchema(module.name).parse({
    DATABASE_URL: asLogin(databaseUrl),
    DATABASE_MIGRATION_URL: databaseUrl,
    [`${module.name.toUpperCase()}_PORT`]: '0',
    EVENT_POLL_INTERVAL_MS: '100',
    DATABASE_POOL_SIZE: '5',
    NODE_ENV: 'test',
    ...env,
  });
  await migrateSubgraphs(databaseUrl, [module]);
  const owner = await module.createDataSource(databaseUrl, 2).initialize();
  afterAll(() => owner.destroy());
  const running = await startSubgraph(module, config, {
    logger: pino({ level: 'silent' }),
  });
  afterAll(() => running.close());
  // Tests run in `test` mode, where the published development key pair is accepted.
  const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);
  return {
    ...running,
    owner,
    async execute<T>(query: string, variables?: Record<string, unknown>, principal = defaultPrincipal) {
      const headers: Record<string, string> = {};
      if (principal) headers[INTERNAL_IDENTITY_HEADER] = await signer.sign(principal, module.name);
      return postGraphQL<T>(running.url, { query, variables }, headers);
    },
  };
}
