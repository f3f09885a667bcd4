import type { TokenProvider } from './auth';
import {
  CairnError,
  CLIENT_ERROR_CODES,
  errorFromBody,
  isTransient,
  networkError,
  neverReachedServer,
} from './errors';
import {
  ModelVersionByAliasDocument,
  type ModelVersionByAliasQuery,
  ModelVersionByIdDocument,
  ModelVersionsDocument,
  type ModelVersionsQuery,
  TeamModelsDocument,
  type TeamModelsQuery,
  type TypedDocumentString,
  VersionFilesDocument,
  type VersionFilesQuery,
} from './generated/graphql';
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryHooks,
  type RetryPolicy,
  withRetries,
} from './retry';

export interface CairnClientOptions {
  /** The gateway's base URL, e.g. `http://localhost:4000` (a trailing `/graphql` is accepted). */
  apiUrl: string;
  auth: TokenProvider;
  retry?: Partial<RetryPolicy>;
  retryHooks?: RetryHooks;
  userAgent?: string;
}

export interface ExecuteOptions {
  /**
   * A mutation that may safely run twice (setting an alias to the version it already names,
   * opening a second upload session). Other mutations are retried only when the request
   * certainly never ran.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export type ModelSummary = TeamModelsQuery['models']['edges'][number]['node'];
export type VersionDetail = ModelVersionByAliasQuery['modelVersionByAlias'];
export type VersionFile = NonNullable<VersionFilesQuery['modelVersion']>['files']['edges'][number]['node'];

/** A version named by number (`3`) or by alias (`champion`, `latest`). */
export type VersionRef = { version: number } | { alias: string };

export class CairnClient {
  readonly baseUrl: URL;
  readonly retryPolicy: RetryPolicy;

  constructor(readonly options: CairnClientOptions) {
    const base = options.apiUrl.replace(/\/+$/, '').replace(/\/graphql$/, '');
    this.baseUrl = new URL(`${base}/`);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** Runs one typed operation; GraphQL errors become CairnErrors with their `extensions.code`. */
  async execute<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options: ExecuteOptions = {},
  ): Promise<TResult> {
    const query = document.toString();
    const mutation = /^\s*mutation\b/.test(query);
    const canRetry = (error: unknown) =>
      !mutation || options.idempotent ? isTransient(error) : neverReachedServer(error);
    let refreshed = false;
    return withRetries(
      async () => {
        try {
          return await this.post<TResult>(query, variables, options.signal);
        } catch (error) {
          // An OIDC token can expire between our check and the server's; one fresh token cures it.
          if (
            error instanceof CairnError &&
            error.status === 401 &&
            this.options.auth.refreshable &&
            !refreshed
          ) {
            refreshed = true;
            await this.options.auth.token(true);
            return this.post<TResult>(query, variables, options.signal);
          }
          throw error;
        }
      },
      this.retryPolicy,
      this.options.retryHooks,
      canRetry,
    );
  }

  /** Headers for a request to the API's own origin (never sent to presigned storage URLs). */
  async authHeaders(url: URL): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'cairn-sdk' };
    if (url.origin === this.baseUrl.origin)
      headers.authorization = `Bearer ${await this.options.auth.token()}`;
    return headers;
  }

  url(path: string): URL {
    return new URL(path.replace(/^\/+/, ''), this.baseUrl);
  }

  private async post<TResult>(query: string, variables: unknown, signal?: AbortSignal): Promise<TResult> {
    const url = this.url('graphql');
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { ...(await this.authHeaders(url)), 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch (error) {
      if (error instanceof CairnError) throw error;
      throw networkError(error);
    }
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    const text = await response.text();
    let body: { data?: TResult | null; errors?: unknown[] } | null = null;
    try {
      body = JSON.parse(text);
    } catch {}
    if (body?.errors?.length) throw errorFromBody(body, response.status, retryAfter);
    if (!response.ok) throw errorFromBody(null, response.status, retryAfter);
    if (!body?.data) throw new CairnError(CLIENT_ERROR_CODES.badResponse, 'the API answered without data');
    return body.data;
  }

  /** A model by team slug and name; NOT_FOUND when the caller sees none of that name. */
  async findModel(team: string, name: string): Promise<ModelSummary> {
    let after: string | null = null;
    do {
      // Archived models stay readable (and unarchivable), so a lookup by name must find them.
      const page: TeamModelsQuery = await this.execute(TeamModelsDocument, {
        team,
        first: 100,
        after,
        includeArchived: true,
      });
      const found = page.models.edges.find((edge) => edge.node.name === name);
      if (found) return found.node;
      after = page.models.pageInfo.hasNextPage ? page.models.pageInfo.endCursor : null;
    } while (after);
    throw new CairnError('NOT_FOUND', `no model ${team}/${name} that you may see`);
  }

  /** A version's details by number or alias. */
  async resolveVersion(modelId: string, ref: VersionRef): Promise<VersionDetail> {
    if ('alias' in ref) {
      return (await this.execute(ModelVersionByAliasDocument, { modelId, alias: ref.alias }))
        .modelVersionByAlias;
    }
    let after: string | null = null;
    do {
      const page: ModelVersionsQuery = await this.execute(ModelVersionsDocument, {
        modelId,
        first: 100,
        after,
      });
      const found = page.model.versions.edges.find((edge) => edge.node.version === ref.version);
      if (found) return (await this.execute(ModelVersionByIdDocument, { id: found.node.id })).modelVersion;
      after = page.model.versions.pageInfo.hasNextPage ? page.model.versions.pageInfo.endCursor : null;
    } while (after);
    throw new CairnError('NOT_FOUND', `the model has no version ${ref.version}`);
  }

  /** Every file of a version, all pages. */
  async versionFiles(versionId: string): Promise<VersionFile[]> {
    const files: VersionFile[] = [];
    let after: string | null = null;
    do {
      const page: VersionFilesQuery = await this.execute(VersionFilesDocument, {
        id: versionId,
        first: 100,
        after,
      });
      files.push(...page.modelVersion.files.edges.map((edge) => edge.node));
      after = page.modelVersion.files.pageInfo.hasNextPage
        ? page.modelVersion.files.pageInfo.endCursor
        : null;
    } while (after);
    return files;
  }
}
