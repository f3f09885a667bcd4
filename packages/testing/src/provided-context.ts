/** Values the global setup hands to test files through vitest's provide/inject. */
declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** Set by `elasticsearch-setup.ts`: ELASTICSEARCH_URL, or null when unset outside CI. */
    elasticsearchUrl: string | null;
  }
}

export {};
