import { describe, inject } from 'vitest';

import './provided-context';

export interface ElasticsearchRequirement {
  /** The Elasticsearch to test against, or null when ELASTICSEARCH_URL is unset (never in CI). */
  url: string | null;
  /**
   * `describe(name, …)` when Elasticsearch is there. Otherwise the suite is reported as skipped
   * under a name that says why, e.g. "Elasticsearch contract (not run: ELASTICSEARCH_URL is
   * unset; `npm run elasticsearch` starts one)". The body is still collected, with an empty URL,
   * so hooks and tests must only use the URL when they run.
   */
  describe(name: string, body: (url: string) => void): void;
}

/** For test files that need Elasticsearch; see `elasticsearch-setup.ts`. */
export function requireElasticsearch(): ElasticsearchRequirement {
  const url = inject('elasticsearchUrl');
  if (url === undefined) {
    throw new Error(
      'elasticsearchUrl was not provided: add packages/testing/src/elasticsearch-setup.ts to globalSetup in vitest.config.ts',
    );
  }
  return {
    url,
    describe(name, body) {
      const title = url
        ? name
        : `${name} (not run: ELASTICSEARCH_URL is unset; \`npm run elasticsearch\` starts one)`;
      describe.skipIf(!url)(title, () => body(url ?? ''));
    },
  };
}
