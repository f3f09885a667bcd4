import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL, startTestIssuer, type TestIssuer } from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The gateway's single-subgraph route: a query it has planned as one fetch of exactly what the
 * client asked is sent straight to that subgraph the next time. These cases check, through the
 * real gateway and subgraphs with real sign-ins, that the route answers what the full pipeline
 * answers, for the caller who asks and no one else, and that any answer that is not plain data
 * (errors, bad variables, a cost over the limit) still comes from the full pipeline.
 */
let stack: RunningStack;
let issuer: TestIssuer;
const METRICS_TOKEN = 'metrics-token-for-the-route-test';
const TEAM = 'route-team';

// biome-ignore lint/suspicious/noExplicitAny: answers are checked with expect, field by field
type Answer = Awaited<ReturnType<typeof postGraphQL<Record<string, any>>>>;
const call = (
  credential: string,
  body: { query: string; variables?: Record<string, unknown>; operationName?: string },
): Promise<Answer> => postGraphQL(stack.gatewayUrl, body, { authorization: `Bearer ${credential}` });

const VERSION = `query Version($id: ID!) { modelVersion(id: $id) { id version model { name visibility team { slug } } } }`;
const PAGE = `query Page($n: Int) { models(first: $n) { edges { node { name versions(first: 100) {
  edges { node { id hyperparameters } } } } } } }`;

let maintainer: string;
let outsider: string;
let privateVersionId: string;

/** How many requests the route answered and handed back, from the gateway's `/metrics`. */
async function routed(): Promise<{ answered: number; handedBack: number }> {
  const response = await fetch(new URL('/metrics', stack.gatewayUrl), {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  const value = (outcome: string) =>
    Number(
      new RegExp(
        `^cairn_gateway_single_subgraph_requests_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\S+)$`,
        'm',
      ).exec(text)?.[1] ?? 0,
    );
  return { answered: value('answered'), handedBack: value('handed_back') };
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: {
      NODE_ENV: 'test',
      EVENT_POLL_INTERVAL_MS: '100',
      OIDC_JWKS_URI: issuer.jwksUri,
      CALLER_CACHE_TTL_MS: '0',
      METRICS_TOKEN,
      LOG_LEVEL: 'silent',
    },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  const admin = await issuer.token('route-admin', ['cairn-platform-admins']);
  maintainer = await issuer.token('route-maintainer', [`cairn-${TEAM}-maintainers`]);
  outsider = await issuer.token('route-outsider', ['cairn-other-team-contributors']);
  const team = await call(admin, {
    query: 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
    variables: { i: { slug: TEAM, name: 'Route team' } },
  });
  expect(team.errors).toBeUndefined();
  const model = await call(maintainer, {
    query: 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    variables: { i: { team: TEAM, name: 'private-scorer', visibility: 'PRIVATE' } },
  });
  expect(model.errors).toBeUndefined();
  const version = await call(maintainer, {
    query: 'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    variables: { i: { modelId: model.data!.registerModel.id, hyperparameters: { depth: 3 } } },
  });
  expect(version.errors).toBeUndefined();
  privateVersionId = version.data!.createModelVersion.id;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
});

describe('single-subgraph route', () => {
  it('answers a repeated query straight from the subgraph with what the full pipeline answered', async () => {
    const body = { query: VERSION, operationName: 'Version', variables: { id: privateVersionId } };
    const before = await routed();
    const planned = await call(maintainer, body);
    expect(planned.errors).toBeUndefined();
    expect(planned.data!.modelVersion).toMatchObject({
      id: privateVersionId,
      version: 1,
      model: { name: 'private-scorer', visibility: 'PRIVATE', team: { slug: TEAM } },
    });
    const again = await call(maintainer, body);
    expect(again).toEqual(planned);
    const after = await routed();
    expect(after.answered).toBe(before.answered + 1);
  });

  it('never hands one caller’s answer to another: the outsider still gets NOT_FOUND', async () => {
    const body = { query: VERSION, operationName: 'Version', variables: { id: privateVersionId } };
    await call(maintainer, body);
    const before = await routed();
    const refused = await call(outsider, body);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The subgraph refused the outsider, so the full pipeline answered, with its typed error.
    expect((await routed()).handedBack).toBe(before.handedBack + 1);
  });

  it('answers bad variables with the gateway’s typed error, before any subgraph is asked', async () => {
    await call(maintainer, { query: VERSION, operationName: 'Version', variables: { id: privateVersionId } });
    const before = await routed();
    for (const variables of [{ id: 42.5 }, {}, { id: null }]) {
      const answer = await call(maintainer, { query: VERSION, operationName: 'Version', variables });
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // An id that names nothing is the subgraph's answer to give, through the full pipeline.
    const unknown = await call(maintainer, {
      query: VERSION,
      operationName: 'Version',
      variables: { id: 'x' },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const after = await routed();
    expect(after.answered).toBe(before.answered);
  });

  it('keeps pricing a query whose page size is a variable, every time', async () => {
    const small = await call(maintainer, { query: PAGE, operationName: 'Page', variables: { n: 2 } });
    expect(small.errors).toBeUndefined();
    expect(
      (await call(maintainer, { query: PAGE, operationName: 'Page', variables: { n: 2 } })).errors,
    ).toBeUndefined();
    const large = await call(maintainer, { query: PAGE, operationName: 'Page', variables: { n: 100 } });
    expect(large.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});
