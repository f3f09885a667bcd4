import { bool, loadConfig } from '@cairn/config';
import type { TestProject } from 'vitest/node';
import { z } from 'zod';

import './provided-context';

/**
 * Mirrors the test harness's keys in `@cairn/config` (`testSchema`): an Elasticsearch to run the
 * search contract against, and whether this is CI.
 */
const elasticsearchTestSchema = z.object({
  ELASTICSEARCH_URL: z.string().url().optional(),
  CI: bool(false),
});

export const ELASTICSEARCH_MISSING_IN_CI =
  'CI=true but ELASTICSEARCH_URL is not set: run `npm run elasticsearch -- --background` first';

/**
 * vitest global setup: hands test files the Elasticsearch named by ELASTICSEARCH_URL, after
 * checking that it answers. Unset, suites that need it report that they did not run, except
 * under CI=true, where the whole run fails: CI never skips infrastructure quietly.
 */
export default async function setup(project: TestProject) {
  const config = loadConfig(elasticsearchTestSchema);
  const url = config.ELASTICSEARCH_URL?.replace(/\/+$/, '') ?? null;
  if (!url && config.CI) throw new Error(ELASTICSEARCH_MISSING_IN_CI);
  if (url) {
    const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=10s`, {
      signal: AbortSignal.timeout(15_000),
    }).catch((error: Error) => {
      throw new Error(`ELASTICSEARCH_URL=${url} does not answer: ${error.message}`);
    });
    if (!response.ok) throw new Error(`ELASTICSEARCH_URL=${url} is not healthy: HTTP ${response.status}`);
  }
  if (!url) {
    // The default reporter shows a skipped file without its suite names: say why here too.
    console.warn(
      'ELASTICSEARCH_URL is unset: Elasticsearch suites are not run (`npm run elasticsearch` starts one).',
    );
  }
  project.provide('elasticsearchUrl', url);
}
