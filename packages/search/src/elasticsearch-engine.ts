import { randomBytes } from 'node:crypto';
import { Client, errors, type estypes } from '@elastic/elasticsearch';
import {
  buildSearchRequest,
  FACET_VALUES,
  MAPPING_VERSION,
  MAPPINGS,
  SETTINGS,
  toSource,
} from './elasticsearch-query';
import {
  type FacetCount,
  type ModelSearchDocument,
  type ModelSearchRequest,
  type ModelSearchResponse,
  type SearchEngine,
  SearchEngineUnavailableError,
} from './search-engine';
import { normalizeSearchRequest } from './search-request';

export interface ElasticsearchSearchEngineOptions {
  /** Where Elasticsearch answers, e.g. `http://127.0.0.1:9200`. Ignored when `client` is given. */
  url?: string;
  /** A client to share; the engine then leaves closing it to the caller. */
  client?: Client;
  /**
   * Names the alias `<prefix>-models` and its indices `<prefix>-models-v<n>-<stamp>`. Lowercase.
   * Tests give each engine its own prefix so parallel files never see each other's indices.
   */
  indexPrefix?: string;
}

const PREFIX_RULE = /^[a-z0-9][a-z0-9_-]{0,100}$/;

type Bucket = { key: string | number; doc_count: number };

function facet(
  aggregations: Record<string, estypes.AggregationsAggregate> | undefined,
  name: string,
): FacetCount[] {
  // Each facet is a `filter` aggregation around the `terms` one (see `buildSearchRequest`).
  const filtered = aggregations?.[name] as estypes.AggregationsFilterAggregate | undefined;
  const aggregate = filtered?.[FACET_VALUES] as estypes.AggregationsStringTermsAggregate | undefined;
  const buckets = (aggregate?.buckets ?? []) as Bucket[];
  return buckets.map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count }));
}

/**
 * Failures that say nothing about the request: the node is unreachable, slow, overloaded, or
 * the index is not there yet. Index-not-found counts because the indexer creates it when
 * Elasticsearch first answers.
 */
function isUnavailable(error: unknown): boolean {
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  ) {
    return true;
  }
  if (!(error instanceof errors.ResponseError)) return false;
  const status = error.statusCode ?? 0;
  return status === 429 || status >= 500 || error.body?.error?.type === 'index_not_found_exception';
}

async function unavailableOnOutage<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SearchEngineUnavailableError(`Elasticsearch ${what} failed: ${detail}`, { cause: error });
  }
}

/**
 * Catalog search on Elasticsearch 8. Readers and writers go through the alias `<prefix>-models`;
 * a rebuild fills a new index and moves the alias in one `_aliases` call (Backstage's indexer
 * does the same), so searches never see a half-built index.
 */
export class ElasticsearchSearchEngine implements SearchEngine {
  readonly kind = 'elasticsearch';
  /** What readers and writers use. */
  readonly alias: string;
  private readonly client: Client;
  private readonly ownsClient: boolean;

  constructor(options: ElasticsearchSearchEngineOptions) {
    const prefix = options.indexPrefix ?? 'cairn';
    if (!PREFIX_RULE.test(prefix)) {
      throw new Error(`Index prefix ${JSON.stringify(prefix)} must be lowercase letters, digits, - or _`);
    }
    this.alias = `${prefix}-models`;
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      if (!options.url) throw new Error('ElasticsearchSearchEngine needs a url or a client');
      this.client = new Client({ node: options.url, requestTimeout: 30_000 });
      this.ownsClient = true;
    }
  }

  private newIndexName(stamp = `${Date.now()}-${randomBytes(3).toString('hex')}`): string {
    return `${this.alias}-v${MAPPING_VERSION}-${stamp}`;
  }

  /** The indices the alias points at now (none when it is missing). */
  private async aliasedIndices(): Promise<string[]> {
    try {
      return Object.keys(await this.client.indices.getAlias({ name: this.alias }));
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return [];
      throw error;
    }
  }

  /** The alias points at an index of another mapping version (its name says which). */
  async needsRebuild(): Promise<boolean> {
    const current = `${this.alias}-v${MAPPING_VERSION}-`;
    const indices = await unavailableOnOutage('index check', () => this.aliasedIndices());
    return indices.some((index) => !index.startsWith(current));
  }

  async ensureReady(): Promise<void> {
    await unavailableOnOutage('index setup', () => this.createIndexIfMissing());
  }

  private async createIndexIfMissing(): Promise<void> {
    if ((await this.aliasedIndices()).length > 0) return;
    try {
      // A fixed first name: of two processes starting at once, one creates it, the other sees it exists.
      await this.client.indices.create({
        index: this.newIndexName('initial'),
        settings: SETTINGS,
        mappings: MAPPINGS,
        aliases: { [this.alias]: {} },
      });
    } catch (error) {
      const type = error instanceof errors.ResponseError ? error.body?.error?.type : undefined;
      if (type !== 'resource_already_exists_exception') throw error;
    }
  }

  private async bulk(operations: estypes.BulkRequest['operations'], index = this.alias): Promise<void> {
    if (!operations || operations.length === 0) return;
    const response = await unavailableOnOutage('bulk write', () => this.client.bulk({ index, operations }));
    if (!response.errors) return;
    const failures = response.items
      .map((item) => Object.values(item)[0])
      .filter((result) => result?.error && !(result.status === 404 && result.result === 'not_found'));
    if (failures.length > 0) {
      const first = failures[0]!;
      // Rejections for load (429) or node trouble (5xx) are the cluster's, not the documents'.
      const overloaded = failures.every((f) => f !== undefined && (f.status === 429 || f.status >= 500));
      const Failure = overloaded ? SearchEngineUnavailableError : Error;
      throw new Failure(
        `Elasticsearch rejected ${failures.length} of ${response.items.length} writes to ${index}: ${first.error?.type}: ${first.error?.reason}`,
      );
    }
  }

  private indexOperations(documents: ModelSearchDocument[]): estypes.BulkRequest['operations'] {
    return documents.flatMap((document) => [{ index: { _id: document.id } }, toSource(document)]);
  }

  async upsert(documents: ModelSearchDocument[]): Promise<void> {
    await this.bulk(this.indexOperations(documents));
  }

  async remove(ids: string[]): Promise<void> {
    await this.bulk(ids.map((id) => ({ delete: { _id: id } })));
  }

  async search(request: ModelSearchRequest): Promise<ModelSearchResponse> {
    const normalized = normalizeSearchRequest(request);
    const response = await unavailableOnOutage('search', () =>
      // A user is waiting: one quick retry (a stale keep-alive socket), not the client's default
      // of three with seconds of backoff, before answering that search is unavailable.
      this.client.search(buildSearchRequest(this.alias, normalized), {
        maxRetries: 1,
        requestTimeout: 10_000,
        retryBackoff: () => 0.05,
      }),
    );
    const total = response.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: response.hits.hits.map((hit) => ({ id: hit._id!, score: hit._score ?? 0 })),
      facets: {
        teams: facet(response.aggregations, 'teams'),
        tasks: facet(response.aggregations, 'tasks'),
        frameworks: facet(response.aggregations, 'frameworks'),
        tags: facet(response.aggregations, 'tags'),
      },
    };
  }

  /**
   * Fills a fresh index, then swaps the alias over in one atomic `_aliases` call and deletes the
   * indices it pointed at before. Writes that reach the alias while the new index fills land in
   * the old one and are lost with it: callers replay changes made since the rebuild began (the
   * registry rewinds its indexer to the event-log head it read first).
   *
   * The swap removes the alias from exactly the indices it saw: if a concurrent rebuild moved
   * the alias in between, the swap fails (alias not found) and this rebuild's index is dropped.
   */
  async rebuild(documents: AsyncIterable<ModelSearchDocument[]>): Promise<{ indexed: number }> {
    const index = this.newIndexName();
    await this.client.indices.create({ index, settings: SETTINGS, mappings: MAPPINGS });
    let indexed = 0;
    let previous: string[];
    try {
      for await (const batch of documents) {
        await this.bulk(this.indexOperations(batch), index);
        indexed += batch.length;
      }
      await this.client.indices.refresh({ index });
      previous = await this.aliasedIndices();
      await this.client.indices.updateAliases({
        actions: [
          ...previous.map((old) => ({ remove: { index: old, alias: this.alias, must_exist: true } })),
          { add: { index, alias: this.alias } },
        ],
      });
    } catch (error) {
      await this.client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
      throw error;
    }
    if (previous.length > 0) await this.client.indices.delete({ index: previous }, { ignore: [404] });
    return { indexed };
  }

  async refresh(): Promise<void> {
    await unavailableOnOutage('refresh', () => this.client.indices.refresh({ index: this.alias }));
  }

  async ping(): Promise<void> {
    await unavailableOnOutage('ping', () =>
      // Readiness probes are frequent and must answer fast: no retries, a short timeout.
      // `_cluster/health`, not `HEAD /`: the integration-test distribution answers 405 to that.
      this.client.cluster.health(undefined, { requestTimeout: 2000, maxRetries: 0 }),
    );
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}
