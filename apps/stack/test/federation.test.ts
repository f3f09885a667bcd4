import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { migrateAll, type RunningStack, seedDemoCatalog, startStack } from '@cairn/stack';
import {
  clientCredentialsToken,
  createTestDatabase,
  type GraphQLResponse,
  postGraphQL,
} from '@cairn/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_VERSIONS_QUERY } from '../../portal/src/features/compare-versions/graphql/compare-versions.query';
import {
  MODEL_DRIFT_VERSIONS_QUERY,
  type ModelDriftVersionsData,
  OPEN_DRIFT_ALARMS_QUERY,
  VERSION_DRIFT_QUERY,
  type VersionDriftData,
} from '../../portal/src/features/drift/graphql/model-drift';
import { MODEL_DETAIL_QUERY } from '../../portal/src/features/model-detail/graphql/model-detail.query';

let stack: RunningStack;
let toolToken: string;

function gateway<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = toolToken,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  return postGraphQL<T>(
    stack.gatewayUrl,
    { query, variables },
    token ? { ...headers, authorization: `Bearer ${token}` } : headers,
  );
}

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateAll(db.url);
  const logger = pino({ level: 'silent' });
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    env: { NODE_ENV: 'test', EVENT_POLL_INTERVAL_MS: '100' },
    ephemeralPorts: true,
    logger,
  });
  await seedDemoCatalog(stack.subgraphUrls, stack.identitySigningKey, logger);
  toolToken = await clientCredentialsToken(stack.issuer, DEV_TOOL_CLIENT);
}, 120_000);

afterAll(() => stack?.stop());

describe('the federated API', () => {
  it('answers one query with data from all four subgraphs', async () => {
    type Result = {
      models: {
        edges: {
          node: {
            name: string;
            latestVersion: {
              version: number;
              stage: string;
              metrics: { edges: { node: { name: string; value: number } }[] };
              lineage: { datasets: { totalCount: number } };
            } | null;
          };
        }[];
      };
    };
    const result = await gateway<Result>(
      '{ models(first: 5) { edges { node { name latestVersion { version stage metrics { edges { node { name value } } } lineage { datasets { totalCount } } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.models.edges.map((e) => e.node);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) {
      expect(node.latestVersion).not.toBeNull();
      expect(node.latestVersion!.version).toBeGreaterThan(0);
      expect(['STAGING', 'PRODUCTION']).toContain(node.latestVersion!.stage);
      expect(node.latestVersion!.metrics.edges.length).toBeGreaterThan(0);
      expect(node.latestVersion!.lineage.datasets.totalCount).toBeGreaterThan(0);
    }
  });

  it('seeds demo versions with files, a manifest, complete provenance and a model card', async () => {
    type Version = {
      manifestDigest: string;
      files: { totalCount: number };
      provenanceCompleteness: { complete: boolean; missing: string[] };
      cardCompleteness: { complete: boolean; missing: string[] };
    };
    const result = await gateway<{ models: { edges: { node: { latestVersion: Version } }[] } }>(
      '{ models(first: 3) { edges { node { latestVersion { manifestDigest files { totalCount } provenanceCompleteness { complete missing } cardCompleteness { complete missing } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    for (const { node } of result.data!.models.edges) {
      expect(node.latestVersion.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(node.latestVersion.files.totalCount).toBe(2);
      expect(node.latestVersion.provenanceCompleteness).toEqual({ complete: true, missing: [] });
      expect(node.latestVersion.cardCompleteness).toEqual({ complete: true, missing: [] });
    }
  });

  it('seeds promotions sent back with a reason and withdrawn, beside the approved history', async () => {
    type Request = { status: string; decisionReason: string | null };
    type Models = {
      models: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { versions: { edges: { node: { promotionRequests: Request[] } }[] } } }[];
      };
    };
    const requests: Request[] = [];
    // Page by page, as one page of every model's versions costs more than the limit.
    let after: string | null = null;
    do {
      const listed: GraphQLResponse<Models> = await gateway<Models>(
        `query($after: String) { models(first: 20, after: $after) { pageInfo { hasNextPage endCursor }
          edges { node { versions(first: 5) { edges { node { promotionRequests { status decisionReason } } } } } } } }`,
        { after },
      );
      expect(listed.errors?.[0]?.message).toBeUndefined();
      for (const { node } of listed.data!.models.edges) {
        requests.push(...node.versions.edges.flatMap((edge) => edge.node.promotionRequests));
      }
      const page = listed.data!.models.pageInfo;
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
    const rejected = requests.filter((r) => r.status === 'REJECTED');
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rejected.map((r) => r.decisionReason)).size).toBeGreaterThanOrEqual(2);
    expect(requests.some((r) => r.status === 'WITHDRAWN')).toBe(true);
    expect(requests.filter((r) => r.status === 'APPROVED').length).toBeGreaterThan(rejected.length);
  });

  it('seeds one drift alarm whose retrain suggestion names the datasets and run, as the Drift tab reads it', async () => {
    const listed = await gateway<{ models: { edges: { node: { id: string; name: string } }[] } }>(
      '{ models(first: 50, team: "fraud-detection") { edges { node { id name } } } }',
    );
    const alarmed: string[] = [];
    for (const { node } of listed.data!.models.edges) {
      const open = await gateway<{ openDriftAlarms: { id: string }[] }>(OPEN_DRIFT_ALARMS_QUERY, {
        id: node.id,
      });
      if ((open.data?.openDriftAlarms.length ?? 0) > 0) alarmed.push(node.id);
    }
    expect(alarmed).toHaveLength(1);
    // The Drift tab's own queries, as it sends them.
    const versions = await gateway<ModelDriftVersionsData>(MODEL_DRIFT_VERSIONS_QUERY, { id: alarmed[0] });
    expect(versions.errors).toBeUndefined();
    const watched = versions.data!.model.versions.edges.filter((e) => e.node.driftDistributions.length > 0);
    expect(watched).toHaveLength(1);
    const detail = await gateway<VersionDriftData>(VERSION_DRIFT_QUERY, { id: watched[0]!.node.id });
    expect(detail.errors).toBeUndefined();
    const version = detail.data!.modelVersion;
    expect(version.stage).toBe('PRODUCTION');
    // One healthy window, then a drifted one: a single alarm, still open.
    expect(version.driftAlarms).toHaveLength(1);
    expect(version.driftAlarms[0]!.resolution).toBeNull();
    expect(version.driftAlarms[0]!.features.map((f) => f.feature)).toContain('amount');
    const [suggestion] = version.retrainSuggestions;
    expect(suggestion!.alarmId).toBe(version.driftAlarms[0]!.id);
    expect(suggestion!.datasets.map((d) => d.name)).toContain('card-transactions');
    expect(suggestion!.trainingRuns.map((r) => r.runId)).toEqual(
      version.lineage.runs.edges.map((e) => e.node.id),
    );
    expect(suggestion!.provenance).not.toBeNull();
    const amount = version.driftDistributions.find((d) => d.feature === 'amount')!;
    expect(amount.referenceCounts).toHaveLength(amount.production!.counts.length);
    expect(amount.production!.drifted).toBe(true);
  });

  it('lets a tool register a model and version, then promote, record lineage and metrics through the gateway', async () => {
    const registered = await gateway<{ registerModel: { id: string } }>(
      'mutation { registerModel(input: { team: "search-ranking", name: "gateway-made", task: "ranking" }) { id } }',
    );
    expect(registered.errors).toBeUndefined();
    const created = await gateway<{ createModelVersion: { id: string; version: number; stage: string } }>(
      'mutation($m: ID!) { createModelVersion(input: { modelId: $m, hyperparameters: { depth: 6 } }) { id version stage } }',
      { m: registered.data!.registerModel.id },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createModelVersion).toMatchObject({ version: 1, stage: 'DEVELOPMENT' });
    const id = created.data!.createModelVersion.id;
    const asked = await gateway<{ requestPromotion: { id: string; status: string } }>(
      'mutation($id: ID!) { requestPromotion(input: { modelVersionId: $id, targetStage: STAGING, justification: "federation test" }) { id status modelVersion { version } } }',
      { id },
    );
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestPromotion.status).toBe('PENDING');
    const logged = await gateway(
      'mutation($id: ID!) { logMetrics(modelVersionId: $id, metrics: [{ name: "ndcg_at_10", value: 0.42, dataset: "holdout" }]) { id } }',
      { id },
    );
    expect(logged.errors).toBeUndefined();
    const recorded = await gateway(
      `mutation($id: ID!) { recordTrainingRun(input: { modelVersionId: $id, codeRef: "git+https://git.example/x@abc",
         inputDatasets: [{ name: "queries", uri: "s3://bucket/queries/", checksum: "sha256:${'a'.repeat(64)}" }] }) { id } }`,
      { id },
    );
    expect(recorded.errors).toBeUndefined();
    const read = await gateway<{ modelVersion: Record<string, unknown> }>(
      '{ modelVersion(id: "' +
        id +
        '") { version stage promotionRequests { status targetStage } metrics { edges { node { name value } } } lineage { datasets { edges { node { name } } } } model { name riskTier } } }',
    );
    expect(read.data!.modelVersion).toEqual({
      version: 1,
      // Promotion waits for an approver; the request is on the version.
      stage: 'DEVELOPMENT',
      promotionRequests: [{ status: 'PENDING', targetStage: 'STAGING' }],
      metrics: { edges: [{ node: { name: 'ndcg_at_10', value: 0.42 } }] },
      lineage: { datasets: { edges: [{ node: { name: 'queries' } }] } },
      model: { name: 'gateway-made', riskTier: 'MEDIUM' },
    });
  });

  it('passes typed error codes from the subgraphs through the gateway', async () => {
    const missing = await gateway('{ modelVersion(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await gateway(
      'mutation { registerModel(input: { team: "search-ranking", name: "" }) { id } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const duplicate = await gateway(
      'mutation { registerModel(input: { team: "search-ranking", name: "learning-to-rank" }) { id } }',
    );
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('compares versions with the registry’s sections and the metrics subgraph’s deltas in one answer', async () => {
    type Models = { models: { edges: { node: { versions: { edges: { node: { id: string } }[] } } }[] } };
    const listed = await gateway<Models>(
      '{ models(first: 30) { edges { node { versions(first: 10) { edges { node { id } } } } } } }',
    );
    const ids = listed
      .data!.models.edges.map((e) => e.node.versions.edges.map((v) => v.node.id))
      .find((versionIds) => versionIds.length >= 2)!
      .slice(0, 2)
      .reverse();
    type Compared = {
      compareModelVersions: {
        versionIds: string[];
        versions: { id: string }[];
        hyperparameters: { key: string; values: unknown[] }[];
        metrics: { name: string; values: (number | null)[]; deltas: (number | null)[] }[];
      };
    };
    // The portal's own query, as the compare page sends it.
    const result = await gateway<Compared>(COMPARE_VERSIONS_QUERY, { ids, onlyDifferences: false });
    expect(result.errors).toBeUndefined();
    const compared = result.data!.compareModelVersions;
    expect(compared.versionIds).toEqual(ids);
    expect(compared.versions.map((v) => v.id)).toEqual(ids);
    expect(compared.hyperparameters.map((h) => h.key)).toContain('learning_rate');
    expect(compared.metrics.length).toBeGreaterThan(0);
    for (const metric of compared.metrics) {
      expect(metric.values).toHaveLength(2);
      expect(metric.deltas[0]).toBe(0);
      expect(metric.deltas[1]).toBeCloseTo(metric.values[1]! - metric.values[0]!, 10);
    }
    const refused = await gateway(COMPARE_VERSIONS_QUERY, { ids: ids.slice(0, 1), onlyDifferences: true });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('echoes the caller’s request id', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${toolToken}`,
        'x-request-id': 'trace-me-123',
      },
      body: JSON.stringify({ query: '{ teams { edges { node { slug } } } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
  });
});

describe('authentication at the gateway', () => {
  const MUTATION =
    'mutation { registerModel(input: { team: "platform", name: "anonymous-attempt" }) { id } }';

  it('rejects an unauthenticated mutation with 401', async () => {
    const result = await gateway(MUTATION, {}, null);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a malformed token and a token signed by someone else', async () => {
    const garbage = await gateway(MUTATION, {}, 'not-a-jwt');
    expect(garbage.status).toBe(401);
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await exportJWK(publicKey);
    const forged = await new SignJWT({ cairn_roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(stack.issuer)
      .setAudience('cairn-api')
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(privateKey);
    const result = await gateway(MUTATION, {}, forged);
    expect(result.status).toBe(401);
    const check = await gateway<{ models: { totalCount: number } }>(
      '{ models(first: 1, team: "platform") { totalCount } }',
    );
    expect(check.data?.models.totalCount).toBe(7);
  });

  it('makes every subgraph refuse a call that bypasses the gateway', async () => {
    for (const url of Object.values(stack.subgraphUrls)) {
      const result = await postGraphQL(
        url,
        { query: '{ __typename }' },
        { authorization: `Bearer ${toolToken}` },
      );
      expect(result.status).toBe(401);
    }
  });
});

describe('query limits', () => {
  it('rejects queries deeper than the limit', async () => {
    const nested = (levels: number): string =>
      levels === 0 ? 'name' : `latestVersion { model { ${nested(levels - 1)} } }`;
    const deep = `{ models(first: 1) { edges { node { ${nested(7)} } } } }`;
    const result = await gateway(deep);
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('accepts a catalog page of 20 search hits with facets, as the portal asks for', async () => {
    const result = await gateway<{ searchModels: { hits: unknown[] } }>(
      `{ searchModels(query: "", first: 20) {
           total engine pageInfo { hasNextPage endCursor }
           hits { score model { id name description task framework tags team { slug name }
                  latestVersion { version stage } } }
           facets { teams { value count } tasks { value count } frameworks { value count } tags { value count } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.searchModels.hits).toHaveLength(20);
  });

  it('accepts the portal’s model page, every list paged as the portal pages it', async () => {
    const models = await gateway<{ models: { edges: { node: { id: string } }[] } }>(
      '{ models(first: 1) { edges { node { id } } } }',
    );
    const result = await gateway<{ model: { versions: { totalCount: number } } }>(MODEL_DETAIL_QUERY, {
      id: models.data!.models.edges[0]!.node.id,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.model.versions.totalCount).toBeGreaterThan(0);
  });

  it('rejects queries costlier than the limit', async () => {
    const costly =
      '{ models(first: 100) { edges { node { versions { edges { node { metrics { edges { node { name } } } stageHistory { edges { node { to } } } lineage { runs { totalCount } } } } } } } } }';
    const result = await gateway(costly);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('prices nested connections by their page sizes', async () => {
    const nested = (first: number) =>
      `{ models(first: ${first}) { edges { node { versions(first: ${first}) { edges { node {
           stageHistory(first: ${first}) { edges { node { to } } } } } } } } } }`;
    const refused = await gateway(nested(100));
    expect(refused.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const accepted = await gateway(nested(5));
    expect(accepted.errors).toBeUndefined();
  });
});
