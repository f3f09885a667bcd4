import { randomBytes } from 'node:crypto';
import { asLogin, createDatabase, dropDatabase, withDatabase } from '@cairn/local-services';
import { afterAll, inject } from 'vitest';
import './provided-context';

export interface TestDatabase {
  /** As the owner: migrations, fixtures written straight into tables, DDL. */
  url: string;
  /** As the service login (a member of `cairn_service`): what the subgraphs connect as. */
  serviceUrl: string;
}

/**
 * A fresh, empty database for the calling test file, dropped when the file is done. Callers
 * build their schema with the real migrations.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `cairn_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name);
  afterAll(() => dropDatabase(adminUrl, name));
  const url = withDatabase(adminUrl, name);
  return { url, serviceUrl: asLogin(url) };
}
