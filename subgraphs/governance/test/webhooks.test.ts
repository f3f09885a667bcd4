import { subgraphSchema } from '@cairn/config';
import { InvalidInputError } from '@cairn/errors';
import { type Principal, SYSTEM_PRINCIPAL } from '@cairn/identity';
import { registrySubgraph, TeamService } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  migrateSubgraphs,
  startTestSubgraph,
  TEAMS,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';
import { createWebhookServices } from '../src/services/webhooks/webhook-services';
import { closedPort, eventually, TestReceiver } from './webhook-receiver';

const { maintainer, engineer, admin, auditor } = testPrincipals;
/** Maintains another team only. */
const otherMaintainer: Principal = {
  ...maintainer,
  subject: 'user-ranking-maintainer',
  email: 'ranking-maintainer@demo.cairn',
  memberships: [{ team: 'search-ranking', role: 'maintainer', approver: false }],
};

const CREATE = /* GraphQL */ `
  mutation($i: CreateWebhookSubscriptionInput!) {
    createWebhookSubscription(input: $i) { secret subscription { id team url eventTypes enabled } }
  }`;
const SUBSCRIPTIONS = /* GraphQL */ `
  query($team: String!) { webhookSubscriptions(team: $team) { id enabled disabledReason consecutiveFailures } }`;
const DELIVERIES = /* GraphQL */ `
  query($id: ID!, $status: WebhookDeliveryStatus) {
    webhookDeliveries(subscriptionId: $id, status: $status, first: 50) {
      totalCount
      edges { node {
        id eventType messageId status attempts lastStatusCode lastError redeliveryOf
        attemptLog { attempt statusCode error responseSnippet durationMs }
      } }
    }
  }`;
const REDELIVER = /* GraphQL */ `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id messageId status redeliveryOf } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteWebhookSubscription(id: $id) { id enabled } }`;

interface Delivery {
  id: string;
  eventType: string;
  messageId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  redeliveryOf: string | null;
  attemptLog: {
    attempt: number;
    statusCode: number | null;
    error: string | null;
    responseSnippet: string | null;
  }[];
}

let registry: TestSubgraph;
let governance: TestSubgraph;
const receivers: TestReceiver[] = [];

const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

async function subscribe(receiver: TestReceiver, eventTypes: string[], team = 'fraud-detection') {
  const result = await governance.execute<{
    createWebhookSubscription: { secret: string; subscription: { id: string } };
  }>(CREATE, { i: { team, url: receiver.url, eventTypes, description: 'test' } }, maintainer);
  expect(result.errors).toBeUndefined();
  receiver.secret = result.data!.createWebhookSubscription.secret;
  return result.data!.createWebhookSubscription.subscription.id;
}

async function deliveries(id: string, principal: Principal = maintainer): Promise<Delivery[]> {
  const result = await governance.execute<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(
    DELIVERIES,
    { id },
    principal,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.webhookDeliveries.edges.map((e) => e.node);
}

/** Ends a test's subscription, so later tests' events are not sent to it. */
async function unsubscribe(id: string) {
  expect((await governance.execute(DELETE, { id }, maintainer)).errors).toBeUndefined();
}

async function receiver(port?: number): Promise<TestReceiver> {
  const r = await new TestReceiver(port).start();
  receivers.push(r);
  return r;
}

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [registrySubgraph]);
  registry = await startTestSubgraph(registrySubgraph, db.url, admin);
  governance = await startTestSubgraph(governanceSubgraph, db.url, maintainer, {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.0/8',
    WEBHOOK_DISPATCH_INTERVAL_MS: '50',
    WEBHOOK_RETRY_BASE_DELAY_MS: '100',
    WEBHOOK_RETRY_MAX_DELAY_MS: '400',
    WEBHOOK_MAX_ATTEMPTS: '10',
    WEBHOOK_DISABLE_AFTER_FAILURES: '2',
  });
  const teams = new TeamService(registry.dataSource);
  for (const slug of TEAMS) await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
});

describe('webhook delivery', () => {
  it('signs each call so the receiver verifies it with standardwebhooks, from both logs, and logs 200', async () => {
    const hook = await receiver();
    const id = await subscribe(hook, ['registry.ModelVersionCreated', 'governance.RiskTierChanged']);
    const [versionId] = await createVersions(registry, 1, 'fraud-detection');
    const [row] = await registry.dataSource.query(
      'SELECT model_id FROM registry.model_version WHERE id = $1',
      [versionId],
    );
    const tier = await governance.execute(
      'mutation($i: SetModelRiskTierInput!) { setModelRiskTier(input: $i) { tier } }',
      { i: { modelId: row.model_id, tier: 'HIGH', reason: 'webhook test' } },
    );
    expect(tier.errors).toBeUndefined();

    await eventually(async () => hook.verified.length >= 2);
    expect(hook.calls.every((c) => c.verified)).toBe(true);
    const created = hook.verified.find((v) => v.type === 'registry.ModelVersionCreated')!;
    expect(created).toMatchObject({
      team: 'fraud-detection',
      subject: { type: 'ModelVersion', id: versionId },
      data: { modelVersionId: versionId, teamSlug: 'fraud-detection', version: 1 },
    });
    expect(hook.verified.find((v) => v.type === 'governance.RiskTierChanged')).toMatchObject({
      data: { modelId: row.model_id, to: 'HIGH' },
    });
    const call = hook.calls[0]!;
    expect(call.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(call.headers['webhook-signature']).toMatch(/^v1,/);

    const log = await eventually(async () => {
      const list = await deliveries(id);
      return list.length === 2 && list.every((d) => d.status === 'SUCCEEDED') && list;
    });
    expect(log[0]!.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null, responseSnippet: 'answered 200' }),
    ]);

    // Redelivery: a new delivery carrying the same webhook-id, sent again.
    const first = log.find((d) => d.eventType === 'registry.ModelVersionCreated')!;
    const again = await governance.execute<{ redeliverWebhook: Delivery }>(REDELIVER, { id: first.id });
    expect(again.data!.redeliverWebhook).toMatchObject({
      messageId: first.messageId,
      status: 'PENDING',
      redeliveryOf: first.id,
    });
    await eventually(async () => hook.calls.length >= 3);
    expect(hook.calls[2]!.headers['webhook-id']).toBe(first.messageId);
    expect(hook.calls[2]!.verified).not.toBeNull();
    await unsubscribe(id);
  });

  it('keeps each secret sealed in the database, and seals one stored in plain before', async () => {
    const hook = await receiver();
    const id = await subscribe(hook, ['registry.ModelVersionCreated']);
    const stored = async () =>
      (
        await governance.owner.query('SELECT secret FROM governance.webhook_subscription WHERE id = $1', [id])
      )[0].secret as string;
    const sealed = await stored();
    expect(sealed).toMatch(/^sealed:v1:[0-9a-f]{8}:/);
    expect(sealed).not.toContain(hook.secret!.slice('whsec_'.length));

    // As a subscription created before secrets were sealed: still signs, and is sealed by a
    // dispatcher that starts after it.
    await governance.owner.query('UPDATE governance.webhook_subscription SET secret = $2 WHERE id = $1', [
      id,
      hook.secret,
    ]);
    await createVersions(registry, 1, 'fraud-detection');
    await eventually(async () => hook.verified.length >= 1);
    expect(hook.calls.every((c) => c.verified)).toBe(true);
    const config = subgraphSchema('governance').parse({
      NODE_ENV: 'test',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.0/8',
    });
    await createWebhookServices(governance.dataSource, config).webhookDispatcher.dispatchDue();
    expect(await stored()).toMatch(/^sealed:v1:/);
    await createVersions(registry, 1, 'fraud-detection');
    await eventually(async () => hook.verified.length >= 2);
    expect(hook.calls.every((c) => c.verified)).toBe(true);

    // Sealed under another key: not sent, and the delivery log says why.
    const otherKey = Buffer.from('another-webhook-key-of-32-bytes!').toString('base64');
    const other = createWebhookServices(
      governance.dataSource,
      subgraphSchema('governance').parse({ NODE_ENV: 'test', WEBHOOK_SECRET_KEY: otherKey }),
    );
    const foreign = (await other.webhooks.rotateSecret(maintainer, id)).secret;
    expect(foreign).toMatch(/^whsec_/);
    await createVersions(registry, 1, 'fraud-detection');
    const failed = await eventually(async () =>
      (await deliveries(id)).find((d) => d.attemptLog.some((a) => a.error?.includes('sealed under key'))),
    );
    expect(failed.attemptLog[0]!.error).toMatch(
      /^not sent: webhook secret of subscription .* was sealed under key/,
    );
    await unsubscribe(id);
  });

  it('delivers what a receiver missed while it was down once it is back', async () => {
    const port = await closedPort();
    const hook = new TestReceiver(port);
    const id = await subscribe(hook, ['registry.ModelVersionCreated']);
    await createVersions(registry, 2, 'fraud-detection');
    await eventually(async () => {
      const list = await deliveries(id);
      return list.length === 2 && list.every((d) => d.attempts >= 1);
    });
    expect(hook.calls).toHaveLength(0);
    receivers.push(await hook.start());

    const log = await eventually(async () => {
      const list = await deliveries(id);
      return list.every((d) => d.status === 'SUCCEEDED') && list;
    });
    expect(hook.verified.map((v) => v.type)).toEqual([
      'registry.ModelVersionCreated',
      'registry.ModelVersionCreated',
    ]);
    for (const delivery of log) {
      expect(delivery.attempts).toBeGreaterThan(1);
      expect(delivery.attemptLog[0]).toMatchObject({ statusCode: null, error: 'ECONNREFUSED' });
      expect(delivery.attemptLog.at(-1)).toMatchObject({ statusCode: 200, error: null });
    }
    await unsubscribe(id);
  });

  it('retries after a 5xx and succeeds on the 2xx that follows', async () => {
    const hook = await receiver();
    hook.answer = (_call, n) => (n === 1 ? 503 : 200);
    const id = await subscribe(hook, ['registry.ModelVersionCreated']);
    await createVersions(registry, 1, 'fraud-detection');
    const [delivery] = await eventually(async () => {
      const list = await deliveries(id);
      return list[0]?.status === 'SUCCEEDED' && list;
    });
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([503, 200]);
    expect(delivery!.attemptLog[0]!.error).toBe('HTTP 503');
    expect((await deliveries(id, admin)).map((d) => d.status)).toEqual(['SUCCEEDED']);
    await unsubscribe(id);
  });

  it('disables a subscription that keeps failing and tells its team through the log', async () => {
    const broken = await receiver();
    broken.answer = () => 500;
    const watcher = await receiver();
    const id = await subscribe(broken, ['registry.ModelVersionCreated']);
    const watching = await subscribe(watcher, ['governance.WebhookSubscriptionDisabled']);
    await createVersions(registry, 2, 'fraud-detection');

    const disabled = await eventually(async () => {
      const result = await governance.execute<{
        webhookSubscriptions: { id: string; enabled: boolean; disabledReason: string | null }[];
      }>(SUBSCRIPTIONS, { team: 'fraud-detection' });
      const sub = result.data!.webhookSubscriptions.find((s) => s.id === id)!;
      return !sub.enabled && sub;
    }, 30_000);
    expect(disabled.disabledReason).toMatch(/2 consecutive failed deliveries/);
    const failed = await deliveries(id);
    expect(failed.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual([
      ['FAILED', 10, 500],
      ['FAILED', 10, 500],
    ]);
    const [event] = await governance.dataSource.query(
      `SELECT actor, payload FROM governance.event_log WHERE type = 'governance.WebhookSubscriptionDisabled' AND subject_id = $1`,
      [id],
    );
    expect(event).toMatchObject({
      actor: 'cairn',
      payload: { teamSlug: 'fraud-detection', consecutiveFailures: 2 },
    });
    await eventually(async () => watcher.verified.length === 1);
    expect(watcher.verified[0]).toMatchObject({
      type: 'governance.WebhookSubscriptionDisabled',
      data: { subscriptionId: id },
    });

    const redo = await governance.execute(REDELIVER, { id: failed[0]!.id });
    expect(code(redo)).toBe('FAILED_PRECONDITION');
    const enabled = await governance.execute<{ enableWebhookSubscription: { enabled: boolean } }>(
      'mutation($id: ID!) { enableWebhookSubscription(id: $id) { enabled disabledReason consecutiveFailures } }',
      { id },
    );
    expect(enabled.data!.enableWebhookSubscription).toEqual({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
    });
    await unsubscribe(id);
    await unsubscribe(watching);
  });
});

describe('webhook subscriptions', () => {
  it('refuse private addresses unless allowed, unknown event types and malformed URLs, naming the field', async () => {
    const create = (url: string, eventTypes = ['registry.ModelVersionCreated']) =>
      governance.execute(CREATE, { i: { team: 'fraud-detection', url, eventTypes } });
    for (const [url, message] of [
      ['http://10.0.0.1/hook', /10.0.0.1, a private/],
      ['http://169.254.169.254/latest', /private/],
      ['http://[::1]/hook', /private/],
      ['not a url', /is not a URL/],
      ['ftp://8.8.8.8/x', /http or https/],
    ] as const) {
      const result = await create(url);
      expect(code(result), url).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.problems).toEqual([
        expect.objectContaining({ path: 'url', message: expect.stringMatching(message) }),
      ]);
    }
    const unknown = await create('http://127.0.0.1:9/x', ['registry.Nope']);
    expect(unknown.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ path: 'eventTypes.0', message: expect.stringMatching(/not a deliverable/) }),
    ]);

    // Without the allow-list, loopback is refused too.
    const config = subgraphSchema('governance').parse({ NODE_ENV: 'test' });
    const strict = createWebhookServices(governance.dataSource, config);
    const refused = strict.webhooks.create(maintainer, {
      team: 'fraud-detection',
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['registry.ModelVersionCreated'],
    });
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toThrow(/url: host "127.0.0.1" resolves to 127.0.0.1/);
  });

  it('are managed by their team’s maintainers: other teams get FORBIDDEN or NOT_FOUND', async () => {
    const hook = await receiver();
    const id = await subscribe(hook, ['registry.ModelVersionCreated']);
    const create = { i: { team: 'fraud-detection', url: hook.url, eventTypes: ['registry.ModelAliasSet'] } };
    expect(code(await governance.execute(CREATE, create, otherMaintainer))).toBe('FORBIDDEN');
    expect(code(await governance.execute(CREATE, create, engineer))).toBe('FORBIDDEN');
    expect(code(await governance.execute(SUBSCRIPTIONS, { team: 'fraud-detection' }, otherMaintainer))).toBe(
      'FORBIDDEN',
    );
    for (const mutation of [
      'mutation($id: ID!) { deleteWebhookSubscription(id: $id) { id } }',
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      'mutation($id: ID!) { enableWebhookSubscription(id: $id) { id } }',
      'mutation($id: ID!) { updateWebhookSubscription(input: { id: $id, description: "x" }) { id } }',
    ]) {
      expect(code(await governance.execute(mutation, { id }, otherMaintainer)), mutation).toBe('NOT_FOUND');
      expect(code(await governance.execute(mutation, { id }, engineer)), mutation).toBe('FORBIDDEN');
    }
    expect(code(await governance.execute(DELIVERIES, { id }, otherMaintainer))).toBe('NOT_FOUND');
    expect(code(await governance.execute(DELIVERIES, { id }, engineer))).toBe('FORBIDDEN');
    expect((await governance.execute(DELIVERIES, { id }, auditor)).errors).toBeUndefined();
    expect(
      (await governance.execute(SUBSCRIPTIONS, { team: 'fraud-detection' }, auditor)).errors,
    ).toBeUndefined();

    const rotated = await governance.execute<{ rotateWebhookSecret: { secret: string } }>(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret subscription { previousSecretValidUntil } } }',
      { id },
    );
    expect(rotated.data!.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.data!.rotateWebhookSecret.secret).not.toBe(hook.secret);
    const listed = JSON.stringify(
      await governance.execute(SUBSCRIPTIONS, { team: 'fraud-detection' }, admin),
    );
    expect(listed).not.toContain('whsec_');
    await unsubscribe(id);
  });
});
