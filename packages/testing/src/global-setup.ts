import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, testSchema } from '@cairn/config';
import { ensureServiceLogin, freePort, startEmbeddedPostgres } from '@cairn/local-services';
import type { TestProject } from 'vitest/node';

import './provided-context';

/**
 * One Postgres per test run: the one named by DATABASE_URL, or an embedded one started here.
 * Each test file then creates its own database from it (see `createTestDatabase`). The service
 * login is made here, once: roles belong to the whole cluster, not to a test file's database.
 */
export default async function setup(project: TestProject) {
  const config = loadConfig(testSchema);
  if (config.DATABASE_URL) {
    await ensureServiceLogin(config.DATABASE_URL);
    project.provide('postgresAdminUrl', config.DATABASE_URL);
    return;
  }
  const root = await mkdtemp(path.join(tmpdir(), 'cairn-test-pg-'));
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(root, 'data'),
    port: await freePort(),
    persistent: false,
    fast: true,
  });
  await ensureServiceLogin(postgres.adminUrl);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return async () => {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  };
}
